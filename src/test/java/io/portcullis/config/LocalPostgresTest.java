package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Which PostgreSQL dev mode and the tests use: the one that answers at PGHOST:PGPORT, else Dev
 * Services, else a message naming both. The container path needs a container engine, which this
 * test does not assume; the other two run for real.
 */
class LocalPostgresTest {

    @Test
    void aReachablePostgresWinsThenDevServicesThenTheMessage() {
        assertThat(LocalPostgres.choose(true, true)).isEqualTo(LocalPostgres.Choice.LOCAL);
        assertThat(LocalPostgres.choose(true, false)).isEqualTo(LocalPostgres.Choice.LOCAL);
        assertThat(LocalPostgres.choose(false, true)).isEqualTo(LocalPostgres.Choice.DEV_SERVICES);
        assertThat(LocalPostgres.choose(false, false)).isEqualTo(LocalPostgres.Choice.NEITHER);
        assertThat(LocalPostgres.neitherMessage("127.0.0.1", "5432"))
                .contains("127.0.0.1:5432").contains("PGHOST").contains("Docker").contains("Dev Services");
    }

    @Test
    void theReachablePostgresIsTheDatasourceInDevAndTestButNeverInProduction() {
        String host = env("PGHOST", "127.0.0.1");
        String port = env("PGPORT", "5432");
        Assumptions.assumeTrue(LocalPostgres.reachable(host, Integer.parseInt(port), 1000), "a local PostgreSQL");
        for (String profile : new String[] {"dev", "test"}) {
            assertThat(url(profile, port)).hasValueSatisfying(
                    url -> assertThat(url).startsWith("jdbc:postgresql://" + host + ":" + port + "/"));
        }
        assertThat(url("prod", port)).isEmpty();
    }

    @Test
    void withoutAReachablePostgresDevServicesGetTheirTurnOrTheMessageIsPrinted() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(LocalPostgres.reachable("127.0.0.1", closed, 500)).isFalse();
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        Optional<String> url;
        System.clearProperty("portcullis.local-postgres.reported");
        try {
            url = url("dev", String.valueOf(closed));
        } finally {
            System.setErr(stderr);
        }
        if (LocalPostgres.containerEngineAvailable()) {
            assertThat(url).as("no URL: Dev Services start a container").isEmpty();
        } else {
            // neither: the message, and the configured address, so that the start fails on the refused connection
            assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains(LocalPostgres.neitherMessage("127.0.0.1", String.valueOf(closed)));
            assertThat(url).hasValueSatisfying(u -> assertThat(u).contains(":" + closed + "/"));
        }
    }

    private static Optional<String> url(String profile, String port) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(Map.of("PGHOST", env("PGHOST", "127.0.0.1"), "PGPORT", port), "env", 300))
                .withSources(new LocalPostgres())
                .build();
        return config.getOptionalValue("quarkus.datasource.jdbc.url", String.class);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
