package io.portcullis.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown pauses the scheduler, waits for the job that is running, and admits no new one. */
class BackgroundJobsStopTest {

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Scheduler scheduler = (Scheduler) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Scheduler.class}, (proxy, method, args) -> {
                calls.add(method.getName());
                return null; // only pause() and resume() are called, both void
            });
    private final BackgroundJobs jobs = new BackgroundJobs(scheduler);

    @Test
    void stopWaitsForTheRunningJobAndAdmitsNoOther() throws Exception {
        assertThat(jobs.enter()).isTrue();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                jobs.stop(new ShutdownEvent());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(300);
        assertThat(stopped).as("waits while a job runs").isNotDone();
        assertThat(calls).containsExactly("pause");

        jobs.exit();
        stopped.get(5, TimeUnit.SECONDS);
        assertThat(jobs.enter()).as("no job starts once stopping").isFalse();
    }

    @Test
    void stopReturnsAtOnceWhenNothingRuns() throws Exception {
        long started = System.nanoTime();
        jobs.stop(new ShutdownEvent());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
    }
}
