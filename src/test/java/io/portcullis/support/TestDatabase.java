package io.portcullis.support;

import io.portcullis.crypto.SecretGenerator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * Gives every Quarkus application the tests start a database of its own on the local PostgreSQL
 * (created at start, dropped at stop), a master key and bootstrap credentials made up for the run.
 * Connection settings come from PGHOST, PGPORT, PGUSER, PGPASSWORD as for psql. A test field of
 * type {@link BootstrapClient} receives the bootstrap credentials (also in integration tests,
 * where the application runs in its own process).
 */
@QuarkusTestResource(TestDatabase.class)
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    private String database;
    private BootstrapClient bootstrap;

    @Override
    public Map<String, String> start() {
        SecureRandom random = new SecureRandom();
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        database = "portcullis_test_" + HexFormat.of().formatHex(suffix);
        execute("CREATE DATABASE " + database);
        byte[] masterKey = new byte[32];
        random.nextBytes(masterKey);
        bootstrap = new BootstrapClient(UUID.randomUUID(), UUID.randomUUID(), new SecretGenerator(random).newSecret());
        return Map.of(
                "quarkus.datasource.jdbc.url", baseUrl() + database,
                "quarkus.datasource.username", user(),
                "quarkus.datasource.password", password(),
                "portcullis.master-key", Base64.getEncoder().encodeToString(masterKey),
                "portcullis.bootstrap.environment-id", bootstrap.environmentId().toString(),
                "portcullis.bootstrap.client-id", bootstrap.clientId().toString(),
                "portcullis.bootstrap.client-secret", bootstrap.clientSecret());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(bootstrap, new TestInjector.MatchesType(BootstrapClient.class));
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(baseUrl() + "postgres", user(), password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the local PostgreSQL at " + baseUrl() + ": " + e.getMessage(), e);
        }
    }

    static String baseUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/";
    }

    static String host() {
        return env("PGHOST", "127.0.0.1");
    }

    static String port() {
        return env("PGPORT", "5432");
    }

    static String user() {
        return env("PGUSER", "postgres");
    }

    static String password() {
        return env("PGPASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
