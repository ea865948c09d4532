package io.portcullis.startup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Where start-up time goes: the phases of the start path (Flyway, Hibernate ORM, bootstrap) and
 * of the warm-up after it are timed here and logged as one line each, for operators and for
 * {@code bench/startup}. Static, because Flyway and Hibernate start before the CDI beans do;
 * each phase is recorded once per process, so later reloads cost a map lookup and no more.
 */
public final class StartupTimeline {

    private static final Logger LOG = Logger.getLogger(StartupTimeline.class);
    private static final Map<String, Long> STARTED = new ConcurrentHashMap<>();
    private static final Map<String, Long> MILLIS = new LinkedHashMap<>();
    private static volatile boolean closed;

    private StartupTimeline() {}

    public static void begin(String phase) {
        if (!closed) {
            STARTED.putIfAbsent(phase, System.nanoTime());
        }
    }

    public static void end(String phase) {
        Long started = STARTED.get(phase);
        if (started != null && !closed) {
            record(phase, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Runs the work, timing it as the phase the first time that phase runs. */
    public static <T> T time(String phase, Supplier<T> work) {
        if (closed) {
            return work.get();
        }
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            record(phase, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Also for a phase timed before the previous line was logged but reported on the next one. */
    static synchronized void record(String phase, long millis) {
        MILLIS.putIfAbsent(phase, millis);
    }

    /** Logs the phases recorded since the last line, e.g. {@code Start-up: flyway 412 ms, hibernate 820 ms}. */
    public static synchronized void log(String heading) {
        StringJoiner line = new StringJoiner(", ", heading + ": ", "");
        MILLIS.forEach((phase, millis) -> line.add(phase + " " + millis + " ms"));
        MILLIS.clear();
        LOG.info(line.toString());
    }

    /** After the last line: nothing more is recorded. */
    static void close() {
        closed = true;
        STARTED.clear();
    }
}
