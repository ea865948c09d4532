package io.portcullis.clientauth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.oauth.ClientLocked;
import io.portcullis.oauth.OAuthError;
import io.portcullis.jobs.BackgroundJob;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * Brute-force protection of client authentication (RFC 6749 §2.3.1; RFC 6819 §4.3.5 and §5.1.4.2.3).
 * Only guesses are counted: a failed authentication with a shared secret (a client secret, or a
 * {@code client_secret_jwt} assertion) under a UUID client id. A request without credentials, with
 * malformed ones, or with a {@code private_key_jwt} assertion (which no guessing can forge) counts
 * nothing and is never refused here.
 *
 * <p>Two limits. After {@code client.max-failures} failures of one client id from one source address
 * under one environment path within {@code window}, that address is refused for that client id (429
 * and {@code Retry-After}) for {@code lock}, before its credentials are checked; the same client id
 * presented from any other address, or under its real environment, is untouched, so guessing cannot
 * lock the owner out. After {@code address.max-failures} such failures from one address, whatever
 * client ids it tried, that address is refused for every client.
 *
 * <p>Failures are counted in PostgreSQL ({@link FailureStore}), so every replica adds to one count:
 * two replicas do not give an attacker twice the attempts. A replica refuses a locked subject from
 * memory, with no query: it learns a lock from its own failure writes at once, and from the other
 * replicas' within {@code refresh-interval}. A successful authentication writes nothing. While the
 * database is unreachable, failures are counted in this replica's memory instead.
 */
@Singleton
public class ClientLockout {

    private static final Logger LOG = Logger.getLogger(ClientLockout.class);
    private static final Logger AUDIT = Logger.getLogger("io.portcullis.audit.client-authentication");
    /** After a failed counter write, count in memory this long before trying PostgreSQL again. */
    static final Duration DATABASE_BACKOFF = Duration.ofSeconds(5);
    /** Refreshes between two sweeps of ended counters. */
    private static final int SWEEP_EVERY = 30;
    private static final int MAX_ADDRESS_LENGTH = 64;

    private final PortcullisConfig.BruteForce config;
    private final FailureStore store;
    private final HttpServerRequest request;
    private final Clock clock;
    private final ConcurrentMap<LockoutSubject, Instant> locks = new ConcurrentHashMap<>();
    private final ConcurrentMap<LockoutSubject, LocalCount> localCounts = new ConcurrentHashMap<>();
    private final Counter failures;
    private final MeterRegistry metrics;
    private final Event<ClientLocked> locked;
    private volatile Instant databaseRetryAt = Instant.MIN;
    private int refreshes;

    public ClientLockout(
            PortcullisConfig config,
            FailureStore store,
            HttpServerRequest request,
            Clock clock,
            MeterRegistry metrics,
            Event<ClientLocked> locked) {
        this.config = config.bruteForce();
        this.store = store;
        this.request = request;
        this.clock = clock;
        this.metrics = metrics;
        this.locked = locked;
        this.failures = metrics.counter("portcullis.client.authentication.failures");
        metrics.gaugeMapSize("portcullis.client.authentication.locked", List.of(), locks);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.warn("Brute-force protection of client authentication is disabled (portcullis.brute-force.enabled=false)");
        }
    }

    /** Skips the refresh while brute-force protection is disabled: there is nothing to refresh. */
    @Singleton
    static class Disabled implements Scheduled.SkipPredicate {
        private final PortcullisConfig config;

        Disabled(PortcullisConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.bruteForce().enabled();
        }
    }

    /** Whether failures are counted (portcullis.brute-force.enabled). */
    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Refuses (429) when the request's source address is locked, or the client id is locked for this
     * address and environment path. Call only for a guessable credential (see the class comment).
     */
    public void refuseIfLocked(UUID environmentIdOrNull, UUID clientId) {
        if (!config.enabled() || locks.isEmpty()) {
            return; // the common case: nothing is locked, so nothing to look up
        }
        Instant now = clock.instant();
        String address = sourceAddress();
        Long forClient = retryAfter(LockoutSubject.addressClient(address, environmentIdOrNull, clientId), now);
        Long forAddress = retryAfter(LockoutSubject.address(address), now);
        if (forClient != null || forAddress != null) {
            refuse(forClient != null ? LockoutSubject.Kind.ADDRESS_CLIENT : LockoutSubject.Kind.ADDRESS,
                    later(forClient, forAddress));
        }
    }

    /**
     * Counts a failed guess of the client id (known or not, so that locking reveals nothing about
     * which ids exist) from the request's source address under the environment path. Refuses (429)
     * when either count is locked; the failure that reaches a limit is still answered as the failure
     * it is.
     */
    public void failed(UUID environmentIdOrNull, UUID clientId) {
        if (!config.enabled()) {
            return;
        }
        failures.increment();
        Instant now = clock.instant();
        String address = sourceAddress();
        Long forClient = count(LockoutSubject.addressClient(address, environmentIdOrNull, clientId), config.client(), now,
                environmentIdOrNull, clientId, address);
        if (forClient != null) {
            // Already refused for this client: not counted again for the address, so that the address
            // limit measures how many client ids an address guesses, not how fast it guesses one.
            refuse(LockoutSubject.Kind.ADDRESS_CLIENT, forClient);
        }
        Long forAddress = count(LockoutSubject.address(address), config.address(), now, environmentIdOrNull, clientId, address);
        if (forAddress != null) {
            refuse(LockoutSubject.Kind.ADDRESS, forAddress);
        }
    }

    /** Reads the locks every replica has set; called every {@code refresh-interval}. */
    public void refresh() throws SQLException {
        Instant now = clock.instant();
        store.activeLocks(now).forEach(this::remember);
        locks.entrySet().removeIf(e -> !e.getValue().isAfter(now));
        Duration longest = longestWindow();
        localCounts.values().removeIf(c -> !c.windowStart().isAfter(now.minus(longest))
                && (c.lockedUntil() == null || !c.lockedUntil().isAfter(now)));
        if (++refreshes % SWEEP_EVERY == 0) {
            store.sweep(now, longest);
        }
    }

    @Scheduled(identity = "lockout-refresh", every = "${portcullis.brute-force.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    @BackgroundJob
    void onSchedule() {
        try {
            refresh();
        } catch (SQLException e) {
            LOG.debugf("lockout refresh skipped: database unavailable (SQLState %s)", e.getSQLState());
        } catch (RuntimeException e) {
            LOG.warn("lockout refresh failed", e);
        }
    }

    /** Counts one failure of the subject; the seconds to refuse it for, or null to answer normally. */
    private Long count(LockoutSubject subject, PortcullisConfig.BruteForce.Limit limit, Instant now, UUID environmentId,
            UUID clientId, String address) {
        FailureStore.Count count = countInDatabaseOrMemory(subject, limit, now);
        if (count.lockedUntil() == null || !count.lockedUntil().isAfter(now)) {
            return null;
        }
        remember(subject, count.lockedUntil());
        if (count.failures() == limit.maxFailures()) {
            tripped(subject, count, limit, now, environmentId, clientId, address);
            return null;
        }
        return secondsUntil(count.lockedUntil(), now);
    }

    private FailureStore.Count countInDatabaseOrMemory(LockoutSubject subject, PortcullisConfig.BruteForce.Limit limit, Instant now) {
        if (!now.isBefore(databaseRetryAt)) {
            try {
                return store.countFailure(subject, now, limit.maxFailures(), limit.window(), limit.lock());
            } catch (SQLException e) {
                databaseRetryAt = now.plus(DATABASE_BACKOFF);
                LOG.warnf("failure counters unavailable (SQLState %s): counting in this replica's memory for %ss",
                        e.getSQLState(), DATABASE_BACKOFF.toSeconds());
            }
        }
        return countInMemory(subject, limit, now);
    }

    /** One subject's failures counted in this replica's memory while PostgreSQL is unreachable. */
    private record LocalCount(Instant windowStart, int failures, Instant lockedUntil) {}

    /** The same rule as {@link FailureStore}'s statement, for this replica alone. */
    private FailureStore.Count countInMemory(LockoutSubject subject, PortcullisConfig.BruteForce.Limit limit, Instant now) {
        LocalCount count = localCounts.compute(subject, (key, previous) -> {
            boolean sameWindow = previous != null && previous.windowStart().isAfter(now.minus(limit.window()));
            int failures = sameWindow ? previous.failures() + 1 : 1;
            Instant lockedUntil = previous != null && previous.lockedUntil() != null && previous.lockedUntil().isAfter(now)
                    ? previous.lockedUntil()
                    : failures >= limit.maxFailures() ? now.plus(limit.lock()) : null;
            return new LocalCount(sameWindow ? previous.windowStart() : now, failures, lockedUntil);
        });
        return new FailureStore.Count(count.failures(), count.lockedUntil());
    }

    private void tripped(LockoutSubject subject, FailureStore.Count count, PortcullisConfig.BruteForce.Limit limit, Instant now,
            UUID environmentId, UUID clientId, String address) {
        String kind = subject.kind().name().toLowerCase(Locale.ROOT);
        metrics.counter("portcullis.client.authentication.lockouts", "subject", kind).increment();
        boolean oneClient = subject.kind() == LockoutSubject.Kind.ADDRESS_CLIENT;
        String description = count.failures() + " failed client authentications within " + limit.window() + " from "
                + address + (oneClient ? "" : " (last client id " + clientId + ")") + "; refused "
                + (oneClient ? "from that address " : "for every client ") + "until " + count.lockedUntil();
        AUDIT.warnf("client authentication locked: %s address=%s environment=%s client_id=%s %s",
                kind, address, environmentId == null ? "-" : environmentId, clientId, description);
        if (oneClient) {
            locked.fire(new ClientLocked(clientId, now, description)); // into the audit trail (ClientLocked)
        }
    }

    private void refuse(LockoutSubject.Kind kind, long retryAfterSeconds) {
        metrics.counter("portcullis.client.authentication.refused", "subject", kind.name().toLowerCase(Locale.ROOT)).increment();
        throw OAuthError.tooManyFailedAuthentications(retryAfterSeconds);
    }

    private void remember(LockoutSubject subject, Instant until) {
        locks.merge(subject, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    private Long retryAfter(LockoutSubject subject, Instant now) {
        Instant until = locks.get(subject);
        if (until == null) {
            return null;
        }
        if (!until.isAfter(now)) {
            locks.remove(subject, until);
            return null;
        }
        return secondsUntil(until, now);
    }

    private Duration longestWindow() {
        Duration client = config.client().window();
        Duration address = config.address().window();
        return client.compareTo(address) >= 0 ? client : address;
    }

    /** The peer address, or the forwarded one when quarkus.http.proxy.proxy-address-forwarding trusts a proxy. */
    private String sourceAddress() {
        SocketAddress remote = request.remoteAddress();
        String address = remote == null ? null : remote.hostAddress();
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        return address.length() > MAX_ADDRESS_LENGTH ? address.substring(0, MAX_ADDRESS_LENGTH) : address;
    }

    private static long secondsUntil(Instant until, Instant now) {
        long millis = Duration.between(now, until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static Long later(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.valueOf(Math.max(a, b));
    }
}
