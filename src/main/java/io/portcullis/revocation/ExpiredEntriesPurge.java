package io.portcullis.revocation;

import io.agroal.api.AgroalDataSource;
import io.portcullis.jobs.BackgroundJob;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
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
    private final Clock clock;

    public ExpiredEntriesPurge(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** A failed run is logged by the scheduler; the next one tries again. */
    @Scheduled(identity = "expired-entries-purge", every = "${portcullis.expired-entries-purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @BackgroundJob
    void onSchedule() {
        int deleted = purge();
        if (deleted > 0) {
            LOG.debugf("purged %d expired revocation and replay entries", deleted);
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
}
