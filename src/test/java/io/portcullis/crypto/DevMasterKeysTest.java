package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** Dev mode's master key lives in the dev database: on a real PostgreSQL database of its own. */
class DevMasterKeysTest {

    private final SecureRandom random = new SecureRandom();
    private TestDatabase database;
    private PGSimpleDataSource dataSource;

    @TempDir
    Path checkout;

    @BeforeEach
    void database() {
        database = new TestDatabase();
        Map<String, String> config = database.start();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(config.get("quarkus.datasource.jdbc.url"));
        dataSource.setUser(config.get("quarkus.datasource.username"));
        dataSource.setPassword(config.get("quarkus.datasource.password"));
    }

    @AfterEach
    void drop() {
        database.stop();
    }

    @Test
    void aNewDatabaseGetsAKeyThatStaysWithIt() {
        Path noFile = checkout.resolve(".portcullis/dev-master-key");
        byte[] first = DevMasterKeys.keyFor(dataSource, random, noFile);
        assertThat(first).hasSize(32);
        // a restart, a `git clean`, a second clone: the same database gives the same key
        assertThat(DevMasterKeys.keyFor(dataSource, random, noFile)).isEqualTo(first);
        assertThat(noFile).doesNotExist();
    }

    @Test
    void theKeyOfAnOlderCheckoutIsAdoptedOnce() throws Exception {
        byte[] legacy = new byte[32];
        random.nextBytes(legacy);
        Path file = checkout.resolve(".portcullis/dev-master-key");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Base64.getEncoder().encodeToString(legacy));
        sealSomething(legacy);

        assertThat(DevMasterKeys.keyFor(dataSource, random, file)).isEqualTo(legacy);
        Files.delete(file);
        assertThat(DevMasterKeys.keyFor(dataSource, random, file)).as("kept in the database from now on").isEqualTo(legacy);
    }

    @Test
    void dataWhoseKeyIsGoneGetsAnErrorThatNamesTheFix() throws Exception {
        byte[] lost = new byte[32];
        random.nextBytes(lost);
        sealSomething(lost);

        assertThatThrownBy(() -> DevMasterKeys.keyFor(dataSource, random, checkout.resolve("none")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no longer available")
                .hasMessageContaining("DROP SCHEMA public CASCADE")
                .hasMessageNotContaining("PORTCULLIS_MASTER_KEY");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT count(*) FROM dev_master_key");
            rows.next();
            assertThat(rows.getInt(1)).as("no new key stored over the old data").isZero();
        }
    }

    /** What the bootstrap leaves behind: a value sealed with the key (master_key_check). */
    private void sealSomething(byte[] key) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE master_key_check (id integer PRIMARY KEY, ciphertext bytea NOT NULL, created_at timestamptz NOT NULL)");
            byte[] sealed = new MasterKey(key, random).seal("check".getBytes(), "master_key_check");
            try (var insert = connection.prepareStatement("INSERT INTO master_key_check VALUES (1, ?, now())")) {
                insert.setBytes(1, sealed);
                insert.executeUpdate();
            }
        }
    }
}
