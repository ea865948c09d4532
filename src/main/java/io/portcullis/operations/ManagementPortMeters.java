package io.portcullis.operations;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * HTTP metrics describe the public port only. Quarkus measures the management interface's server
 * too, under the same meter names with an extra {@code server.port} tag, which Prometheus refuses
 * (one name, one set of tag keys) and which then fails the management server's start: those meters
 * are not recorded.
 */
public class ManagementPortMeters {

    @Produces
    @Singleton
    MeterFilter withoutManagementServer() {
        return MeterFilter.deny(id -> id.getTag("server.port") != null);
    }
}
