package io.portcullis.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Dev mode and tests only: which PostgreSQL to use. A PostgreSQL that answers at PGHOST:PGPORT
 * (default 127.0.0.1:5432) is used as configured, like psql would; without one, no datasource URL
 * is set, so that Quarkus Dev Services starts a PostgreSQL container when a container engine is
 * there; with neither, one message says both ways out (and the start then fails on the refused
 * connection, not on a missing setting). Production always takes its datasource
 * from configuration (QUARKUS_DATASOURCE_JDBC_URL). Registered as a configuration customizer, the
 * one extension point Quarkus also reads at build time, where Dev Services decide whether to start.
 */
public class LocalPostgres implements ConfigSourceFactory, SmallRyeConfigBuilderCustomizer {

    /** Below application.properties (250), environment variables (300) and test resources. */
    static final int ORDINAL = 200;
    static final String NEITHER = "No PostgreSQL answers at %s:%s and no container engine was found for Quarkus Dev "
            + "Services. Either start a PostgreSQL there (or point PGHOST, PGPORT, PGUSER, PGPASSWORD at one), or "
            + "start Docker (or Podman) so that dev mode and the tests start a PostgreSQL container themselves.";

    private static final String REPORTED = "portcullis.local-postgres.reported";

    /** Where the database comes from. */
    public enum Choice { LOCAL, DEV_SERVICES, NEITHER }

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withSources(this);
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (!profiles.contains("dev") && !profiles.contains("test")) {
            return List.of();
        }
        Function<String, String> env = name -> value(context.getValue(name));
        String host = orDefault(env.apply("PGHOST"), "127.0.0.1");
        String port = orDefault(env.apply("PGPORT"), "5432");
        Choice choice = choose(reachable(host, Integer.parseInt(port), 1000), containerEngineAvailable());
        // Configuration is built several times per start (build, static init, run time): say it once.
        if (choice == Choice.NEITHER && System.getProperty(REPORTED) == null) {
            System.setProperty(REPORTED, "true");
            System.err.println(neitherMessage(host, port));
        }
        if (choice == Choice.DEV_SERVICES) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://" + host + ":" + port + "/" + orDefault(env.apply("PGDATABASE"), "postgres"),
                "quarkus.datasource.username", orDefault(env.apply("PGUSER"), "postgres"),
                "quarkus.datasource.password", orDefault(env.apply("PGPASSWORD"), ""),
                // nothing to start: no container engine is even looked for
                "quarkus.devservices.enabled", "false"),
                "local PostgreSQL (dev and test)", ORDINAL));
    }

    /** A reachable PostgreSQL wins; then a container engine for Dev Services; else neither. */
    public static Choice choose(boolean postgresReachable, boolean containerEngine) {
        if (postgresReachable) {
            return Choice.LOCAL;
        }
        return containerEngine ? Choice.DEV_SERVICES : Choice.NEITHER;
    }

    public static String neitherMessage(String host, String port) {
        return String.format(NEITHER, host, port);
    }

    /** Whether something accepts TCP connections there within the timeout. */
    public static boolean reachable(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Docker or Podman as Testcontainers finds them: DOCKER_HOST, or one of the usual sockets. */
    public static boolean containerEngineAvailable() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        List<Path> sockets = new java.util.ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"), Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"), Path.of("/run/podman/podman.sock")));
        if (runtime != null) {
            sockets.add(Path.of(runtime, "podman", "podman.sock"));
            sockets.add(Path.of(runtime, "docker.sock"));
        }
        return sockets.stream().anyMatch(Files::exists) || configuredForTestcontainers(Path.of(home, ".testcontainers.properties"));
    }

    /** Testcontainers writes this file on every run; only a docker.host (or tc.host) in it names an engine. */
    private static boolean configuredForTestcontainers(Path properties) {
        try {
            return Files.isRegularFile(properties) && Files.readAllLines(properties).stream()
                    .anyMatch(line -> line.startsWith("docker.host=") || line.startsWith("tc.host="));
        } catch (IOException e) {
            return false;
        }
    }

    private static String value(ConfigValue value) {
        return value == null ? null : value.getValue();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
