package io.portcullis.clientauth;

import io.agroal.api.AgroalDataSource;
import io.portcullis.config.Blocking;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Remembers the {@code jti} of every accepted client assertion until it expires (RFC 7523 §3: a
 * jti is used once), in PostgreSQL so that every replica sees it. One statement per assertion;
 * the only database write of JWT client authentication. Expired rows are purged elsewhere.
 */
@Singleton
public class AssertionReplayStore {

    /** Longer than any legitimate jti; such an assertion is refused. */
    static final int MAX_JTI_LENGTH = 256;

    private static final String CLAIM = """
            INSERT INTO client_assertion_jtis (client_id, jti, expires_at) VALUES (?, ?, ?)
            ON CONFLICT (client_id, jti) DO UPDATE SET expires_at = EXCLUDED.expires_at
            WHERE client_assertion_jtis.expires_at <= ?""";

    private final AgroalDataSource dataSource;
    private final Clock clock;

    public AssertionReplayStore(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Records the jti; false when it is already recorded and unexpired (a replay). A row whose
     * assertion has expired no longer blocks its jti, even before it is purged.
     */
    public boolean firstUse(UUID clientId, String jti, Instant expiresAt) {
        Blocking.required("recording a client assertion jti");
        if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
            return false;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(CLAIM)) {
            insert.setObject(1, clientId);
            insert.setString(2, jti);
            insert.setTimestamp(3, Timestamp.from(expiresAt));
            insert.setTimestamp(4, Timestamp.from(clock.instant()));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a client assertion jti", e);
        }
    }

    /**
     * Deletes the jtis of assertions expired at {@code now}: an expired assertion is refused anyway,
     * so its row is useless. Returns how many went.
     */
    public int deleteExpired(Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM client_assertion_jtis WHERE expires_at <= ?")) {
            delete.setTimestamp(1, Timestamp.from(now));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge the client assertion ids", e);
        }
    }
}
