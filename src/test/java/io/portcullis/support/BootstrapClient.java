package io.portcullis.support;

import java.util.UUID;

/** The administrators' environment and worker application the test application bootstraps. */
public record BootstrapClient(UUID environmentId, UUID clientId, String clientSecret) {

    public String tokenPath() {
        return "/" + environmentId + "/as/token";
    }
}
