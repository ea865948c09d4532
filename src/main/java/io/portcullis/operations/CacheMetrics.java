package io.portcullis.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.portcullis.change.ChangeListener;
import io.portcullis.directory.Directory;
import io.portcullis.signing.KeyRing;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * Gauges for the in-memory copies the token endpoint reads: how many environments each holds, and
 * how long ago the periodic check for changes last succeeded ({@link ChangeListener} times the
 * notifications and the checks).
 */
@Singleton
public class CacheMetrics implements MeterBinder {

    private final Directory directory;
    private final KeyRing keyRing;
    private final ChangeListener changes;

    public CacheMetrics(Directory directory, KeyRing keyRing, ChangeListener changes) {
        this.directory = directory;
        this.keyRing = keyRing;
        this.changes = changes;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("portcullis.directory.environments", directory, Directory::size)
                .description("Environments whose clients and resources are held in memory")
                .register(registry);
        Gauge.builder("portcullis.keyring.environments", keyRing, KeyRing::size)
                .description("Environments whose signing keys are held in memory")
                .register(registry);
        Gauge.builder("portcullis.change.check.age", changes,
                        c -> seconds(Duration.between(c.lastCheck(), Instant.now())))
                .description("Time since the periodic check for changes last succeeded")
                .baseUnit("seconds")
                .register(registry);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
