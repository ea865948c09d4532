package io.portcullis.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.support.ManagementInterface;
import io.portcullis.support.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged application (target/quarkus-app, or the native executable when built with
 * -Dnative) started as its own process on a database of its own, with JSON console logs, the way
 * a container runs it. Configuration is passed as environment variables, as deploy/ does.
 */
final class PackagedApplication implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestDatabase database;
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile int port;
    private final int managementPort = ManagementInterface.freePort();

    PackagedApplication(Map<String, String> extraEnvironment) throws IOException {
        this(new TestDatabase(), null, extraEnvironment);
    }

    /**
     * One more replica on a database the caller owns: {@code config} as {@link TestDatabase#start()}
     * returned it (the same database, master key and bootstrap values for every replica).
     */
    static PackagedApplication replica(Map<String, String> config, Map<String, String> extraEnvironment)
            throws IOException {
        return new PackagedApplication(null, config, extraEnvironment);
    }

    private PackagedApplication(TestDatabase owned, Map<String, String> shared, Map<String, String> extraEnvironment)
            throws IOException {
        this.database = owned;
        Map<String, String> config = owned != null ? owned.start() : shared;
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true);
        config.forEach((property, value) -> builder.environment().put(environmentName(property), value));
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        builder.environment().putAll(extraEnvironment);
        process = builder.start();
        Thread reader = new Thread(this::readOutput, "packaged-application-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the HTTP listener; fails with the output so far if the process dies first. */
    int awaitPort() throws InterruptedException {
        while (!listening.await(500, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                throw new AssertionError("the application exited before listening:\n" + String.join("\n", stdout));
            }
        }
        return port;
    }

    /** The management interface's port (health and metrics); listening once {@link #awaitPort()} returned. */
    int managementPort() {
        return managementPort;
    }

    /** Waits until a console line contains {@code fragment}; fails if the process ends first. */
    void awaitOutput(String fragment) throws InterruptedException {
        while (stdout.stream().noneMatch(line -> line.contains(fragment))) {
            if (exited.getCount() == 0) {
                throw new AssertionError("the application exited (status " + exitStatus() + ") without logging '"
                        + fragment + "':\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** SIGTERM, as Kubernetes sends it (through the handle: Process.destroy() would also close our end of stdout). */
    void terminate() {
        process.toHandle().destroy();
    }

    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) && exited.await(seconds, TimeUnit.SECONDS);
    }

    /** Every console line the process wrote, parsed as JSON (fails on a line that is not). */
    List<JsonNode> jsonLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout) {
            if (line.isBlank()) {
                continue;
            }
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("console line is not JSON: " + line, e);
            }
        }
        return lines;
    }

    /** The exit status; the process must have ended. */
    int exitValue() {
        return process.exitValue();
    }

    private String exitStatus() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    String output() {
        return String.join("\n", stdout);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        if (database != null) {
            database.stop();
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                stdout.add(line);
                Matcher m = LISTENING.matcher(line);
                if (port == 0 && m.find()) {
                    port = Integer.parseInt(m.group(1));
                    listening.countDown();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            exited.countDown();
        }
    }

    /** MicroProfile Config's environment-variable form of a property name. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static List<String> command() {
        String nativeImage = System.getProperty("native.image.path");
        if (Boolean.getBoolean("portcullis.it.native") && nativeImage != null) {
            return List.of(nativeImage);
        }
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first");
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
    }
}
