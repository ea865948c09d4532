package io.portcullis.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Starts and stops the periodic jobs ({@code @Scheduled} methods marked {@link BackgroundJob}).
 * The scheduler is created halted ({@code quarkus.scheduler.start-mode=halted}) and resumed only
 * after the bootstrap's master-key check, so that no job touches a database the key does not fit.
 * At shutdown it is paused before every other shutdown observer, and the jobs still running are
 * waited for while the datasource is open: the datasource closes only after the shutdown observers.
 */
@Singleton
public class BackgroundJobs {

    private static final Logger LOG = Logger.getLogger(BackgroundJobs.class);
    /** How long shutdown waits for running jobs; each is a few statements at most. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Scheduler scheduler;
    private final Object lock = new Object();
    private int running;
    private boolean stopping;

    public BackgroundJobs(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Right after bootstrap/Bootstrap's observer (priority APPLICATION), which ends start-up when the
     * master key does not fit the database; before the other start-up observers (APPLICATION + 500).
     */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1) StartupEvent event) {
        scheduler.resume();
    }

    /** Before the other shutdown observers, some of which write what a job would have written. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) throws InterruptedException {
        scheduler.pause();
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        synchronized (lock) {
            stopping = true;
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("Shutdown: %d background job(s) still running after %ss; stopping without them",
                            running, STOP_WAIT.toSeconds());
                    return;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Whether a job may run now; when true, the caller must call {@link #exit()} once it ends. */
    boolean enter() {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            running++;
            return true;
        }
    }

    void exit() {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }
}
