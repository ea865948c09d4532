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
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * {@code portcullis.directory.full-reload-interval} it fires {@link FullReloadDue} as a safety net.
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
    private final Duration fullReloadInterval;
    private final Event<EnvironmentChanged> changed;
    private final Event<ChangesMissed> missed;
    private final Event<FullReloadDue> reloadDue;
    private final Timer notificationLag;
    private final ReplicaIdentity replica;
    private final AtomicLong delivered = new AtomicLong();

    private volatile boolean running;
    private volatile Connection connection;
    private volatile long connections;
    private volatile Duration lastNotificationLag;
    private volatile Instant lastFullReload = Instant.now();
    private Thread thread;
    private ScheduledExecutorService reloads;

    public ChangeListener(
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            PortcullisConfig config,
            Event<EnvironmentChanged> changed,
            Event<ChangesMissed> missed,
            Event<FullReloadDue> reloadDue,
            MeterRegistry registry,
            ReplicaIdentity replica) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.fullReloadInterval = config.directory().fullReloadInterval();
        this.changed = changed;
        this.missed = missed;
        this.reloadDue = reloadDue;
        this.replica = replica;
        this.notificationLag = Timer.builder("portcullis.change.notification.lag")
                .description("Time change notifications took from the writing replica's transaction to this replica")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = Thread.ofPlatform().name("portcullis-change-listener").daemon().start(this::listen);
        reloads = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("portcullis-full-reload").daemon().factory());
        long every = fullReloadInterval.toMillis();
        reloads.scheduleWithFixedDelay(this::fullReload, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        reloads.shutdownNow();
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

    /** When everything held was last reloaded in full (start-up until the first full reload). */
    public Instant lastFullReload() {
        return lastFullReload;
    }

    private void listen() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + ChangePublisher.CHANNEL);
                }
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
        while (running) {
            PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
            if (notifications != null && notifications.length > 0) {
                quietSince = System.nanoTime();
                for (PGNotification n : notifications) {
                    deliver(n.getParameter());
                }
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

    private void fullReload() {
        try {
            reloadDue.fire(new FullReloadDue());
            lastFullReload = Instant.now();
        } catch (RuntimeException e) {
            // Keep the schedule: a failed reload (database down) is retried at the next interval.
            LOG.warnf("Full reload of cached environments failed: %s", e.toString());
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
