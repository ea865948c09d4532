package io.portcullis.change;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Brings changes made on any replica into this one's memory: LISTENs on
 * {@link ChangePublisher#CHANNEL} over a JDBC connection of its own (not from the pool) and fires
 * {@link EnvironmentChanged} for each notification. When the database goes away it reconnects with
 * backoff, and on every (re)connect fires {@link ChangesMissed}: PostgreSQL does not keep
 * notifications for a listener that was not connected. Every
 * {@code portcullis.directory.change-check-interval} it checks, on the same connection, which
 * environments changed since its previous check ({@link #check}) and fires {@link EnvironmentChanged}
 * for those only: a safety net whose cost follows the number of changes, not of environments.
 */
@Singleton
public class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    /** Shown in pg_stat_activity, so that operators (and tests) can find the connection. */
    public static final String APPLICATION_NAME = "portcullis-change-listener";
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration PING_EVERY = Duration.ofSeconds(10);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Duration checkInterval;
    private final Clock clock;
    private final Event<EnvironmentChanged> changed;
    private final Event<ChangesMissed> missed;
    private final Timer notificationLag;
    private final Timer checkDuration;
    private final ReplicaIdentity replica;
    private final AtomicLong delivered = new AtomicLong();

    private volatile boolean running;
    private volatile Connection connection;
    private volatile long connections;
    private volatile Duration lastNotificationLag;
    private volatile Instant lastCheck = Instant.now();
    private volatile long checks;
    /** The snapshot xmin of the previous check: every change from a transaction below it has been seen. */
    private long horizon;
    /**
     * Changes at or above the horizon already acted on: a transaction left open elsewhere holds
     * the horizon back, and the same rows are then read again at every check.
     */
    private final Set<Stamp> seen = new HashSet<>();
    /** Signing keys that expired after this instant and before the next check's are a change too. */
    private Instant keysCheckedUntil;
    private Thread thread;

    public ChangeListener(
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            PortcullisConfig config,
            Clock clock,
            Event<EnvironmentChanged> changed,
            Event<ChangesMissed> missed,
            MeterRegistry registry,
            ReplicaIdentity replica) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.checkInterval = config.directory().changeCheckInterval();
        this.clock = clock;
        this.changed = changed;
        this.missed = missed;
        this.replica = replica;
        this.notificationLag = Timer.builder("portcullis.change.notification.lag")
                .description("Time change notifications took from the writing replica's transaction to this replica")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.checkDuration = Timer.builder("portcullis.change.check")
                .description("Time the periodic check for changes a notification did not bring took")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = Thread.ofPlatform().name("portcullis-change-listener").daemon().start(this::listen);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        thread.interrupt();
        closeQuietly(connection);
        thread.join(Duration.ofSeconds(5));
    }

    /**
     * How many times the listening connection has been opened and everything held dropped since
     * (1 after start-up, more after outages).
     */
    public long connections() {
        return connections;
    }

    /**
     * How long the last notification took from the sending replica's transaction to this replica
     * (across replicas this includes their clock difference); empty until one has arrived.
     */
    public Optional<Duration> lastNotificationLag() {
        return Optional.ofNullable(lastNotificationLag);
    }

    /** How many notifications naming an environment were handled (applied, or skipped as this replica's own). */
    public long delivered() {
        return delivered.get();
    }

    /** When the last periodic check for changes succeeded (start-up until the first one). */
    public Instant lastCheck() {
        return lastCheck;
    }

    /** How many periodic checks have succeeded. */
    public long checks() {
        return checks;
    }

    private void listen() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + ChangePublisher.CHANNEL);
                }
                // Taken before everything is dropped: a change from a transaction at or above it
                // may be missing from what is loaded next, and the next check reports it.
                horizon = currentHorizon(c);
                seen.clear();
                keysCheckedUntil = clock.instant();
                if (connections > 0) {
                    LOG.infof("Change notifications: reconnected to the database; dropping cached environments");
                }
                // Listening from here on: whatever changed before is reloaded on next use.
                missed.fire(new ChangesMissed());
                connections++;
                backoff = FIRST_BACKOFF;
                receive(c);
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Change notifications: database connection lost (%s); retrying in %d ms",
                        e.getMessage(), backoff.toMillis());
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.errorf(e, "Change notifications: an observer failed; reconnecting in %d ms", backoff.toMillis());
            }
            connection = null;
            if (!sleep(backoff)) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void receive(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        long checkedAt = System.nanoTime();
        while (running) {
            PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
            if (notifications != null && notifications.length > 0) {
                quietSince = System.nanoTime();
                for (PGNotification n : notifications) {
                    deliver(n.getParameter());
                }
            }
            if (System.nanoTime() - checkedAt >= checkInterval.toNanos()) {
                check(c);
                checkedAt = System.nanoTime();
                quietSince = checkedAt;
            } else if (System.nanoTime() - quietSince > PING_EVERY.toNanos()) {
                // A silent network failure shows up only when something is sent.
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /**
     * {@code <environment id>}, optionally followed by {@code <sent at, epoch ms>} and
     * {@code <replica id>}. A notification this replica sent is only timed: its change was applied
     * here already, by the in-process event after commit.
     */
    private void deliver(String payload) {
        String[] parts = payload.split(" ", 3);
        UUID environmentId;
        try {
            environmentId = UUID.fromString(parts[0]);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Change notifications: ignoring a payload that is not an environment id");
            return;
        }
        if (parts.length > 1) {
            try {
                long sentAt = Long.parseLong(parts[1]);
                Duration lag = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - sentAt));
                lastNotificationLag = lag;
                notificationLag.record(lag);
            } catch (NumberFormatException e) {
                LOG.debugf("Change notifications: no sending time in a notification for %s", environmentId);
            }
        }
        if (parts.length <= 2 || !parts[2].equals(replica.id())) {
            changed.fire(new EnvironmentChanged(environmentId));
        }
        delivered.incrementAndGet();
    }

    /**
     * The safety net behind notifications, in one query on the listening connection: the
     * environments whose {@code environment_changes} row was written by a transaction at or above
     * the previous check's snapshot xmin (every transaction below it had finished when that check
     * ran, so its change was seen then or by a load after it), and those whose signing key expired
     * since the previous check (a change that no transaction writes). Only these are dropped, each
     * stamp once; an environment changed by this replica or already notified is dropped once more.
     */
    private void check(Connection c) throws SQLException {
        long started = System.nanoTime();
        Instant until = clock.instant();
        Set<UUID> changedIds = new LinkedHashSet<>();
        long next = horizon;
        try (PreparedStatement s = c.prepareStatement(
                "select cast(h.horizon as text), c.environment_id, cast(c.changed_in as text)"
                        + " from (select pg_snapshot_xmin(pg_current_snapshot()) as horizon) h"
                        + " left join (select environment_id, changed_in from environment_changes"
                        + " where changed_in >= cast(? as xid8)"
                        + " union all select environment_id, null from signing_keys where expires_at > ? and expires_at <= ?) c"
                        + " on true")) {
            s.setString(1, Long.toString(horizon));
            s.setObject(2, keysCheckedUntil.atOffset(ZoneOffset.UTC));
            s.setObject(3, until.atOffset(ZoneOffset.UTC));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    next = Long.parseLong(rows.getString(1));
                    UUID id = rows.getObject(2, UUID.class);
                    String changedIn = rows.getString(3);
                    if (id != null && (changedIn == null || seen.add(new Stamp(id, Long.parseLong(changedIn))))) {
                        changedIds.add(id);
                    }
                }
            }
        }
        for (UUID id : changedIds) {
            changed.fire(new EnvironmentChanged(id));
        }
        long below = next;
        seen.removeIf(stamp -> stamp.changedIn() < below); // never read again
        horizon = next;
        keysCheckedUntil = until;
        lastCheck = Instant.now();
        checks++;
        checkDuration.record(Duration.ofNanos(System.nanoTime() - started));
        if (!changedIds.isEmpty()) {
            LOG.debugf("Change check: %d environment(s) changed since the previous check", changedIds.size());
        }
    }

    /** One row of {@code environment_changes}: an environment and the transaction that changed it. */
    private record Stamp(UUID environmentId, long changedIn) {}

    private static long currentHorizon(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select cast(pg_snapshot_xmin(pg_current_snapshot()) as text)")) {
            rows.next();
            return Long.parseLong(rows.getString(1));
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "5");
        Connection c = new org.postgresql.Driver().connect(url, properties);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        c.setAutoCommit(true);
        return c;
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debugf("closing the listening connection: %s", e.getMessage());
            }
        }
    }
}
