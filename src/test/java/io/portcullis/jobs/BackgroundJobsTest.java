package io.portcullis.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Eventually;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The periodic jobs run on the scheduler once start-up has passed the bootstrap. */
@QuarkusTest
class BackgroundJobsTest {

    @Inject
    Scheduler scheduler;

    @Test
    void theSchedulerRunsEveryJobOnceStarted() {
        assertThat(scheduler.isRunning()).as("resumed after the bootstrap (start-mode halted)").isTrue();
        assertThat(scheduler.getScheduledJobs()).extracting(Trigger::getId)
                .contains("expired-entries-purge", "secret-usage-flush", "lockout-refresh")
                // %test.portcullis.key-rotation.check-interval=off: tests run rotation themselves.
                .doesNotContain("key-rotation");
        // Every second (portcullis.brute-force.refresh-interval=1s).
        Eventually.until("the lockout refresh has run",
                () -> scheduler.getScheduledJob("lockout-refresh").getPreviousFireTime() != null);
    }
}
