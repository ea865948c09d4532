package io.portcullis.resource;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Resources in PostgreSQL; every lookup is scoped to its environment. */
@ApplicationScoped
public class ResourceRepository implements PanacheRepositoryBase<Resource, UUID> {

    public Optional<Resource> findInEnvironment(UUID environmentId, UUID id) {
        return find("id = ?1 and environmentId = ?2", id, environmentId).firstResultOptional();
    }

    public List<Resource> listByEnvironment(UUID environmentId) {
        return list("environmentId", environmentId);
    }
}
