package io.portcullis.revocation;

import io.agroal.api.AgroalDataSource;
import io.portcullis.clientauth.AssertionReplayStore;
import io.portcullis.jobs.BackgroundJob;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Every {@code portcullis.expired-entries-purge-interval}, deletes the rows of the revocation list
 * and of the client-assertion replay store whose token or assertion has expired (each through the
 * class that owns the table), and the change stamps older than a day. These lists only need a row
 * while what it names could still be presented, so they stay as small as the traffic of one token
 * lifetime. Replicas purging at once is harmless: the deletes are idempotent.
 */
@Singleton
public class ExpiredEntriesPurge {

    private static final Logger LOG = Logger.getLogger(ExpiredEntriesPurge.class);

    private final RevocationList revocations;
    private final AssertionReplayStore assertions;
    private final AgroalDataSource dataSource;
    private final Clock clock;

    public ExpiredEntriesPurge(RevocationList revocations, AssertionReplayStore assertions, AgroalDataSource dataSource,
            Clock clock) {
        this.revocations = revocations;
        this.assertions = assertions;
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
            LOG.debugf("purged %d expired revocation, replay and change entries", deleted);
        }
    }

    /** Deletes every expired row now; returns how many went. */
    public int purge() {
        Instant now = clock.instant();
        return revocations.deleteExpired(now) + assertions.deleteExpired(now) + deleteExpiredChangeStamps(now);
    }

    /**
     * The change stamps of change/ChangePublisher, read by change/ChangeListener's check; a day
     * old, no check still needs them.
     */
    private int deleteExpiredChangeStamps(Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM environment_changes WHERE expires_at <= ?")) {
            delete.setTimestamp(1, Timestamp.from(now));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge expired change stamps", e);
        }
    }
}
