package io.portcullis.application;

import io.portcullis.jobs.BackgroundJob;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * Keeps {@code lastUsed} of client secrets off the token request path: a use is noted in memory at
 * most once a minute per secret, and a background job writes the noted uses to PostgreSQL in one
 * batch every {@value #FLUSH_EVERY}, and once more at shutdown. {@code lastUsed} is therefore exact to the minute, and a replica that
 * dies loses at most the last few seconds of it.
 */
@Singleton
public class SecretUsage {

    private static final Logger LOG = Logger.getLogger(SecretUsage.class);
    /** A secret's use is written at most this often. */
    public static final Duration RESOLUTION = Duration.ofMinutes(1);
    static final String FLUSH_EVERY = "5s";

    /** Where noted uses go: one call per batch. */
    @FunctionalInterface
    public interface Writer {
        void write(Map<UUID, Instant> lastUsed);
    }

    private final Clock clock;
    private final Writer writer;
    /** When each secret's use was last noted; only secrets used within the last RESOLUTION. */
    private final ConcurrentMap<UUID, Instant> noted = new ConcurrentHashMap<>();
    /** Noted and not yet written. */
    private final ConcurrentMap<UUID, Instant> pending = new ConcurrentHashMap<>();

    @Inject
    public SecretUsage(Clock clock, ApplicationSecretRepository secrets) {
        this(clock, secrets::recordLastUsed);
    }

    public SecretUsage(Clock clock, Writer writer) {
        this.clock = clock;
        this.writer = writer;
    }

    @Scheduled(identity = "secret-usage-flush", every = FLUSH_EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @BackgroundJob
    void onSchedule() {
        flushLogged();
    }

    /** After the scheduler has stopped (jobs/BackgroundJobs) and before the datasource closes. */
    void onStop(@Observes ShutdownEvent event) {
        flushLogged();
    }

    /** Notes that a secret was used now. A map read, unless its last note is a minute old. */
    public void record(UUID secretId) {
        Instant now = clock.instant();
        Instant last = noted.get(secretId);
        if (last != null && now.isBefore(last.plus(RESOLUTION))) {
            return;
        }
        // Of threads racing here for one secret, one wins and notes the use.
        boolean won = last == null ? noted.putIfAbsent(secretId, now) == null : noted.replace(secretId, last, now);
        if (won) {
            pending.merge(secretId, now, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Writes the uses noted since the last flush in one batch; returns how many. */
    public int flush() {
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        if (!batch.isEmpty()) {
            try {
                writer.write(batch);
            } catch (RuntimeException e) {
                batch.forEach((id, at) -> pending.merge(id, at, (a, b) -> a.isAfter(b) ? a : b)); // next flush retries
                throw e;
            }
        }
        // Forget secrets not used for a while: their next use is noted, as it would be anyway.
        Instant horizon = clock.instant().minus(RESOLUTION);
        noted.values().removeIf(at -> at.isBefore(horizon));
        return batch.size();
    }

    private void flushLogged() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("Could not write the last use of client secrets (kept for the next try): %s", e.toString());
        }
    }
}
