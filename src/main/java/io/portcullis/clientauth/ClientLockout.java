package io.portcullis.clientauth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.Directory;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Brute-force protection of client authentication (RFC 6749 §2.3.1; RFC 6819 §4.3.5 and §5.1.4.2.3).
 * After {@code max-failures} failed authentications within {@code window}, a client id, or a source
 * address, is refused with 429 and {@code Retry-After} for {@code lock}, before its credentials are
 * even checked; other clients are not touched.
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
    private final Directory directory;
    private final HttpServerRequest request;
    private final Clock clock;
    private final ConcurrentMap<LockoutSubject, Instant> locks = new ConcurrentHashMap<>();
    private final ConcurrentMap<LockoutSubject, LocalCount> localCounts = new ConcurrentHashMap<>();
    private final Counter failures;
    private final MeterRegistry metrics;
    private volatile Instant databaseRetryAt = Instant.MIN;
    private ScheduledExecutorService refresher;
    private int refreshes;

    public ClientLockout(
            PortcullisConfig config,
            FailureStore store,
            Directory directory,
            HttpServerRequest request,
            Clock clock,
            MeterRegistry metrics) {
        this.config = config.bruteForce();
        this.store = store;
        this.directory = directory;
        this.request = request;
        this.clock = clock;
        this.metrics = metrics;
        this.failures = metrics.counter("portcullis.client.authentication.failures");
        metrics.gaugeMapSize("portcullis.client.authentication.locked", List.of(), locks);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.warn("Brute-force protection of client authentication is disabled (portcullis.brute-force.enabled=false)");
            return;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("portcullis-lockout-refresh").daemon().factory());
        long every = config.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** Whether failures are counted (portcullis.brute-force.enabled). */
    public boolean enabled() {
        return config.enabled();
    }

    /** Refuses (429) when the request's source address, or the client id if given, is locked out. */
    public void refuseIfLocked(String clientIdOrNull) {
        if (!config.enabled() || locks.isEmpty()) {
            return; // the common case: nothing is locked, so nothing to look up
        }
        Instant now = clock.instant();
        LockoutSubject address = LockoutSubject.address(sourceAddress());
        Long retryAfter = retryAfter(address, now);
        LockoutSubject client = clientSubject(clientIdOrNull);
        if (client != null) {
            retryAfter = later(retryAfter, retryAfter(client, now));
        }
        if (retryAfter != null) {
            refuse(client != null && locks.containsKey(client) ? LockoutSubject.Kind.CLIENT : LockoutSubject.Kind.ADDRESS, retryAfter);
        }
    }

    /**
     * Counts a failed authentication of the request's source address and of the client id (when it is
     * a UUID, known or not, so that locking reveals nothing about which ids exist). Refuses (429) when
     * either is locked; the failure that reaches the limit is still answered as the failure it is.
     */
    public void failed(UUID environmentIdOrNull, String clientIdOrNull) {
        if (!config.enabled()) {
            return;
        }
        failures.increment();
        Instant now = clock.instant();
        LockoutSubject client = clientSubject(clientIdOrNull);
        Long retryAfter = null;
        LockoutSubject.Kind refusedFor = null;
        if (client != null) {
            retryAfter = count(client, config.client(), now, environmentIdOrNull);
            refusedFor = retryAfter != null ? LockoutSubject.Kind.CLIENT : null;
        }
        Long addressRetry = count(LockoutSubject.address(sourceAddress()), config.address(), now, environmentIdOrNull);
        if (addressRetry != null && refusedFor == null) {
            refusedFor = LockoutSubject.Kind.ADDRESS;
        }
        retryAfter = later(retryAfter, addressRetry);
        if (retryAfter != null) {
            refuse(refusedFor, retryAfter);
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

    private void refreshQuietly() {
        try {
            refresh();
        } catch (SQLException e) {
            LOG.debugf("lockout refresh skipped: database unavailable (SQLState %s)", e.getSQLState());
        } catch (RuntimeException e) {
            LOG.warn("lockout refresh failed", e);
        }
    }

    /** Counts one failure of the subject; the seconds to refuse it for, or null to answer normally. */
    private Long count(LockoutSubject subject, PortcullisConfig.BruteForce.Limit limit, Instant now, UUID environmentId) {
        FailureStore.Count count = countInDatabaseOrMemory(subject, limit, now);
        if (count.lockedUntil() == null || !count.lockedUntil().isAfter(now)) {
            return null;
        }
        remember(subject, count.lockedUntil());
        if (count.failures() == limit.maxFailures()) {
            tripped(subject, count, limit, now, environmentId);
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
            UUID environmentId) {
        metrics.counter("portcullis.client.authentication.lockouts", "subject", subject.kind().name().toLowerCase(Locale.ROOT)).increment();
        String description = count.failures() + " failed client authentications within " + limit.window()
                + "; refused until " + count.lockedUntil();
        AUDIT.warnf("client authentication locked: %s=%s environment=%s %s",
                subject.kind().name().toLowerCase(Locale.ROOT), subject.value(), environmentId, description);
        if (subject.kind() == LockoutSubject.Kind.CLIENT && environmentId != null) {
            UUID clientId = UUID.fromString(subject.value());
            boolean known = directory.environment(environmentId).flatMap(e -> e.client(clientId)).isPresent();
            if (known) {
                try {
                    store.recordLockout(environmentId, clientId, now, description);
                } catch (SQLException e) {
                    LOG.warnf("lockout of %s not recorded in the audit trail (SQLState %s)", clientId, e.getSQLState());
                }
            }
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

    /** A client id as counted: the canonical UUID, or null when it is not one (no client has such an id). */
    private static LockoutSubject clientSubject(String clientIdOrNull) {
        UUID id = OAuthRequest.environmentIdOrNull(clientIdOrNull); // parses any UUID
        return id == null ? null : LockoutSubject.client(id.toString());
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
