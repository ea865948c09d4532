package io.portcullis.revocation;

import io.agroal.api.AgroalDataSource;
import io.portcullis.config.Blocking;
import io.portcullis.signing.VerifiedAccessToken;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The {@code jti}s of revoked access tokens (RFC 7009 §2), in PostgreSQL so that every replica
 * sees a revocation at once. A row is kept until its token expires: after that the token is
 * refused for its {@code exp} anyway, and {@link ExpiredEntriesPurge} deletes the row.
 */
@Singleton
public class RevocationList {

    private final AgroalDataSource dataSource;
    private final Clock clock;

    public RevocationList(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Adds the token; revoking it again changes nothing. */
    public void revoke(VerifiedAccessToken token) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO revoked_tokens (jti, environment_id, client_id, revoked_at, expires_at)
                        VALUES (?, ?, ?::uuid, ?, ?) ON CONFLICT (jti) DO NOTHING""")) {
            insert.setString(1, token.jti());
            insert.setObject(2, token.environmentId());
            insert.setString(3, token.clientId());
            insert.setTimestamp(4, Timestamp.from(clock.instant()));
            insert.setTimestamp(5, Timestamp.from(token.expiresAt()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a revoked token", e);
        }
    }

    /** Whether any of these tokens was revoked. Primary-key lookups in one query. */
    public boolean anyRevoked(List<String> jtis) {
        Blocking.required("reading the revocation list");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT 1 FROM revoked_tokens WHERE jti = ANY (?) LIMIT 1")) {
            select.setArray(1, connection.createArrayOf("varchar", jtis.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the revocation list", e);
        }
    }

    /**
     * Deletes the revocations of tokens expired at {@code now}: an expired token is refused anyway,
     * so its row is useless. Returns how many went.
     */
    public int deleteExpired(Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM revoked_tokens WHERE expires_at <= ?")) {
            delete.setTimestamp(1, Timestamp.from(now));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge the revocation list", e);
        }
    }
}
