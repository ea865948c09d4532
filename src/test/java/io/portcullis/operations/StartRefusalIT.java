package io.portcullis.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged application refuses to start, and says why, instead of running half-broken: with a
 * master key that is not the database's it exits with a non-zero status (so that the platform
 * restarts it and an operator sees the crash loop) rather than answering 500; on a Java older
 * than 25 it prints what it needs instead of exiting without a word.
 */
class StartRefusalIT {

    @Test
    void aWrongMasterKeyEndsTheProcess() throws Exception {
        TestDatabase database = new TestDatabase();
        Map<String, String> config = database.start();
        try {
            try (PackagedApplication first = PackagedApplication.replica(config, Map.of())) {
                first.awaitPort(); // the database now holds data sealed with the first key
            }
            Map<String, String> otherKey = new HashMap<>(config);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            otherKey.put("portcullis.master-key", Base64.getEncoder().encodeToString(key));
            try (PackagedApplication second = PackagedApplication.replica(otherKey, Map.of())) {
                assertThat(second.awaitExit(120)).as("the process ends by itself").isTrue();
                assertThat(second.exitValue()).isNotZero();
                assertThat(second.output())
                        .contains("PORTCULLIS_MASTER_KEY is not the key this database was encrypted with")
                        .contains("docs/operations.md")
                        .doesNotContain("Listening on");
            }
        } finally {
            database.stop();
        }
    }

    @Test
    void anOlderJavaIsNamedNotSilent() throws Exception {
        Optional<Path> olderJava = olderJava();
        Assumptions.assumeTrue(olderJava.isPresent(), "no Java older than 25 on this machine");
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        Process process = new ProcessBuilder(olderJava.get().toString(), "-jar", jar.toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("Portcullis needs Java 25 or newer").contains("JAVA_HOME");
    }

    @Test
    void theWrapperNamesTheJdkItNeeds() throws Exception {
        Optional<Path> olderJava = olderJava();
        Assumptions.assumeTrue(olderJava.isPresent(), "no Java older than 25 on this machine");
        ProcessBuilder builder = new ProcessBuilder("sh", "mvnw", "-v").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", olderJava.get().getParent().getParent().toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("Portcullis needs JDK 25 or newer").contains("JAVA_HOME");
    }

    /** A java executable of a release before 25 among the machine's installed JDKs. */
    static Optional<Path> olderJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path java = home.resolve("bin").resolve("java");
                if (!Files.isRegularFile(home.resolve("release")) || !Files.isExecutable(java) || Files.isSymbolicLink(home)) {
                    continue;
                }
                List<String> release = Files.readAllLines(home.resolve("release"));
                Optional<Integer> feature = release.stream().filter(l -> l.startsWith("JAVA_VERSION="))
                        .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
                        .map(v -> v.startsWith("1.") ? v.substring(2) : v)
                        .map(v -> Integer.parseInt(v.split("[.+-]")[0]))
                        .findFirst();
                if (feature.isPresent() && feature.get() < 25) {
                    return Optional.of(java);
                }
            }
        }
        return Optional.empty();
    }
}
