package io.portcullis.revocation;

import io.agroal.api.AgroalDataSource;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes the rows of the revocation list and of the client-assertion replay store whose token or
 * assertion has expired, and the change stamps older than a day, every {@code portcullis.expired-entries-purge-interval}. Both lists only
 * need a row while what it names could still be presented, so they stay as small as the traffic of
 * one token lifetime. Replicas purging at once is harmless: the deletes are idempotent.
 */
@Singleton
public class ExpiredEntriesPurge {

    private static final Logger LOG = Logger.getLogger(ExpiredEntriesPurge.class);
    /** Every table with an {@code expires_at} after which its row is useless. */
    static final List<String> TABLES = List.of("revoked_tokens", "client_assertion_jtis", "environment_changes");

    private final AgroalDataSource dataSource;
    private final PortcullisConfig config;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public ExpiredEntriesPurge(AgroalDataSource dataSource, PortcullisConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        long every = config.expiredEntriesPurgeInterval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("expired-entries-purge").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::purgeLogged, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Deletes every expired row now; returns how many went. */
    public int purge() {
        int deleted = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (String table : TABLES) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE expires_at <= ?")) {
                    delete.setTimestamp(1, Timestamp.from(clock.instant()));
                    deleted += delete.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge expired revocations and assertion ids", e);
        }
        return deleted;
    }

    private void purgeLogged() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                LOG.debugf("purged %d expired revocation and replay entries", deleted);
            }
        } catch (IllegalStateException e) {
            // The next run tries again; a scheduled task that throws would never run again.
            LOG.warn("purge of expired entries failed", e);
        }
    }
}
