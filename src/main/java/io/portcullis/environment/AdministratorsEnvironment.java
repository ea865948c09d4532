package io.portcullis.environment;

import java.util.Optional;
import java.util.UUID;

/**
 * The administrators' environment that the first start created, which may not be deleted;
 * implemented by the bootstrap, so that environment does not depend on it.
 */
public interface AdministratorsEnvironment {

    /** The administrators' environment, if bootstrapped. */
    Optional<UUID> bootstrapEnvironmentId();
}
