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

    /** Whether another resource of the environment has this name. */
    public boolean nameTaken(UUID environmentId, String name, UUID exceptId) {
        return count("environmentId = ?1 and name = ?2 and id <> ?3", environmentId, name,
                exceptId == null ? new UUID(0, 0) : exceptId) > 0;
    }
}
