package io.portcullis.resource;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Resource scopes in PostgreSQL. */
@ApplicationScoped
public class ResourceScopeRepository implements PanacheRepositoryBase<ResourceScope, UUID> {

    public Optional<ResourceScope> findInResource(UUID resourceId, UUID id) {
        return find("id = ?1 and resourceId = ?2", id, resourceId).firstResultOptional();
    }

    public List<ResourceScope> listByResource(UUID resourceId) {
        return list("resourceId", resourceId);
    }

    /** Every scope of every resource of an environment. */
    public List<ResourceScope> listByEnvironment(UUID environmentId) {
        return list("resourceId in (select r.id from Resource r where r.environmentId = ?1)", environmentId);
    }

    /** Whether another scope of the resource has this name. */
    public boolean nameTaken(UUID resourceId, String name, UUID exceptId) {
        return count("resourceId = ?1 and name = ?2 and id <> ?3", resourceId, name,
                exceptId == null ? new UUID(0, 0) : exceptId) > 0;
    }
}
