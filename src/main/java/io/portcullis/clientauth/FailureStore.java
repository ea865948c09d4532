package io.portcullis.clientauth;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * The failure counters of brute-force protection in PostgreSQL, shared by every replica. Each
 * failure is one atomic {@code INSERT ... ON CONFLICT DO UPDATE}: PostgreSQL's row lock serialises
 * concurrent failures of one subject, whichever replica they hit, so none is lost or counted twice.
 */
@Singleton
public class FailureStore {

    /** Counts one failure; opens a new window when the last one ended; locks at the limit, keeping an active lock as it is. */
    private static final String COUNT = """
            INSERT INTO client_auth_failures AS f (subject_kind, subject, window_start, failures, locked_until)
            VALUES (?, ?, ?, 1, CASE WHEN 1 >= ? THEN ?::timestamptz END)
            ON CONFLICT (subject_kind, subject) DO UPDATE SET
                failures = CASE WHEN f.window_start > ? THEN f.failures + 1 ELSE 1 END,
                window_start = CASE WHEN f.window_start > ? THEN f.window_start ELSE EXCLUDED.window_start END,
                locked_until = CASE
                    WHEN f.locked_until > EXCLUDED.window_start THEN f.locked_until
                    WHEN (CASE WHEN f.window_start > ? THEN f.failures + 1 ELSE 1 END) >= ? THEN ?::timestamptz
                    END
            RETURNING failures, locked_until""";

    private final AgroalDataSource dataSource;

    public FailureStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The subject's count after this failure, and the end of its lock (null when not locked). */
    public record Count(int failures, Instant lockedUntil) {}

    public Count countFailure(LockoutSubject subject, Instant now, int maxFailures, Duration window, Duration lock)
            throws SQLException {
        OffsetDateTime at = at(now);
        OffsetDateTime windowFloor = at(now.minus(window));
        OffsetDateTime lockEnd = at(now.plus(lock));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(COUNT)) {
            statement.setString(1, subject.kind().name());
            statement.setString(2, subject.value());
            statement.setObject(3, at);
            statement.setInt(4, maxFailures);
            statement.setObject(5, lockEnd);
            statement.setObject(6, windowFloor);
            statement.setObject(7, windowFloor);
            statement.setObject(8, windowFloor);
            statement.setInt(9, maxFailures);
            statement.setObject(10, lockEnd);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                OffsetDateTime lockedUntil = row.getObject(2, OffsetDateTime.class);
                return new Count(row.getInt(1), lockedUntil == null ? null : lockedUntil.toInstant());
            }
        }
    }

    /** Every lock still active at {@code now}, whichever replica set it. */
    public Map<LockoutSubject, Instant> activeLocks(Instant now) throws SQLException {
        Map<LockoutSubject, Instant> locks = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT subject_kind, subject, locked_until FROM client_auth_failures WHERE locked_until > ?")) {
            statement.setObject(1, at(now));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    LockoutSubject.Kind kind = kindOrNull(rows.getString(1));
                    if (kind != null) { // a kind only an older release writes is no longer enforced
                        locks.put(new LockoutSubject(kind, rows.getString(2)), rows.getObject(3, OffsetDateTime.class).toInstant());
                    }
                }
            }
        }
        return locks;
    }

    /** Deletes the rows whose window and lock have both ended; returns how many. */
    public int sweep(Instant now, Duration longestWindow) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM client_auth_failures WHERE window_start <= ? AND (locked_until IS NULL OR locked_until <= ?)")) {
            statement.setObject(1, at(now.minus(longestWindow)));
            statement.setObject(2, at(now));
            return statement.executeUpdate();
        }
    }

    private static LockoutSubject.Kind kindOrNull(String name) {
        for (LockoutSubject.Kind kind : LockoutSubject.Kind.values()) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        return null;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
