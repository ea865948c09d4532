package io.portcullis.environment;

import io.portcullis.management.KnownEnvironments;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Environments in PostgreSQL. */
@ApplicationScoped
public class EnvironmentRepository implements PanacheRepositoryBase<Environment, UUID>, KnownEnvironments {

    @Override
    public boolean exists(UUID environmentId) {
        return findByIdOptional(environmentId).isPresent();
    }

    public boolean nameTaken(String name, UUID exceptId) {
        return count("name = ?1 and id <> ?2", name, exceptId == null ? new UUID(0, 0) : exceptId) > 0;
    }
}
