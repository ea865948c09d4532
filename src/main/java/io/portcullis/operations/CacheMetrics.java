package io.portcullis.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.portcullis.directory.Directory;
import io.portcullis.signing.KeyRing;
import jakarta.inject.Singleton;

/** Gauges for the in-memory copies the token endpoint reads: how many environments each holds. */
@Singleton
public class CacheMetrics implements MeterBinder {

    private final Directory directory;
    private final KeyRing keyRing;

    public CacheMetrics(Directory directory, KeyRing keyRing) {
        this.directory = directory;
        this.keyRing = keyRing;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("portcullis.directory.environments", directory, Directory::size)
                .description("Environments whose clients and resources are held in memory")
                .register(registry);
        Gauge.builder("portcullis.keyring.environments", keyRing, KeyRing::size)
                .description("Environments whose signing keys are held in memory")
                .register(registry);
    }
}
