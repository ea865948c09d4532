package io.portcullis.support;

import io.portcullis.config.LocalPostgres;
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
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Gives every Quarkus application the tests start a database of its own on the local PostgreSQL
 * (created at start, dropped at stop), a master key and bootstrap credentials made up for the run.
 * Connection settings come from PGHOST, PGPORT, PGUSER, PGPASSWORD as for psql; where no PostgreSQL
 * answers there and Docker or Podman is available, one PostgreSQL container is started for the whole
 * run instead (the Dev Services way), and with neither the message says both options. A test field of
 * type {@link BootstrapClient} receives the bootstrap credentials (also in integration tests,
 * where the application runs in its own process).
 */
@QuarkusTestResource(TestDatabase.class)
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    /** The server the run uses, chosen once: the local one, or a container. */
    private record Server(String host, String port, String user, String password) {}

    private static Server server;

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
        return server().host();
    }

    static String port() {
        return server().port();
    }

    static String user() {
        return server().user();
    }

    static String password() {
        return server().password();
    }

    private static synchronized Server server() {
        if (server == null) {
            String host = env("PGHOST", "127.0.0.1");
            String port = env("PGPORT", "5432");
            server = switch (LocalPostgres.choose(
                    LocalPostgres.reachable(host, Integer.parseInt(port), 1000), LocalPostgres.containerEngineAvailable())) {
                case LOCAL -> new Server(host, port, env("PGUSER", "postgres"), env("PGPASSWORD", ""));
                case DEV_SERVICES -> container();
                case NEITHER -> throw new IllegalStateException(LocalPostgres.neitherMessage(host, port));
            };
        }
        return server;
    }

    /** One container for the run; Testcontainers' reaper removes it when the JVM ends. */
    private static Server container() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        return new Server(container.getHost(), String.valueOf(container.getMappedPort(5432)),
                container.getUsername(), container.getPassword());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
