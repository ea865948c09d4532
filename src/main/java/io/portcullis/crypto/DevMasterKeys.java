package io.portcullis.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Dev mode only: keeps the generated master key in the development database, beside the data it
 * encrypts, so that the key and the data cannot part (a {@code git clean}, a second clone of the
 * repository). Production never stores its key in the database: there the key must come from
 * {@code PORTCULLIS_MASTER_KEY}.
 */
public final class DevMasterKeys {

    /** Where dev mode kept its key before it moved into the database; adopted once if present. */
    static final Path LEGACY_KEY_FILE = Path.of(".portcullis", "dev-master-key");

    private DevMasterKeys() {}

    /** The database's development key: the stored one, else the legacy file's, else a new one. */
    public static byte[] keyFor(DataSource dataSource, SecureRandom random, Path legacyKeyFile) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS dev_master_key ("
                        + "id integer PRIMARY KEY CHECK (id = 1), key_base64 text NOT NULL, "
                        + "created_at timestamptz NOT NULL DEFAULT now())");
            }
            Optional<byte[]> stored = stored(connection);
            if (stored.isPresent()) {
                return stored.get();
            }
            byte[] candidate;
            if (Files.isRegularFile(legacyKeyFile)) {
                candidate = Base64.getDecoder().decode(Files.readString(legacyKeyFile).trim());
            } else if (holdsEncryptedData(connection)) {
                throw new IllegalStateException(lostKeyMessage(connection));
            } else {
                candidate = new byte[32];
                random.nextBytes(candidate);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO dev_master_key (id, key_base64) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, Base64.getEncoder().encodeToString(candidate));
                insert.executeUpdate();
            }
            // Another dev instance may have stored its key first: every instance uses the stored one.
            return stored(connection).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep the development master key in the dev database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + legacyKeyFile, e);
        }
    }

    private static Optional<byte[]> stored(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT key_base64 FROM dev_master_key WHERE id = 1")) {
            return rows.next() ? Optional.of(Base64.getDecoder().decode(rows.getString(1))) : Optional.empty();
        }
    }

    /** Whether something was already sealed under a key this database does not hold. */
    private static boolean holdsEncryptedData(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet exists = statement.executeQuery("SELECT to_regclass('master_key_check') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return false;
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM master_key_check")) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    private static String lostKeyMessage(Connection connection) throws SQLException {
        String schema;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT current_schema()")) {
            rows.next();
            schema = rows.getString(1);
        }
        return "The development database (schema " + schema + ") was encrypted with a development master key that "
                + "is no longer available (it was kept in " + LEGACY_KEY_FILE + "). Start the development data over: "
                + "psql -h ${PGHOST:-127.0.0.1} -U ${PGUSER:-postgres} -d ${PGDATABASE:-postgres} -c 'DROP SCHEMA "
                + schema + " CASCADE', then start dev mode again.";
    }
}
