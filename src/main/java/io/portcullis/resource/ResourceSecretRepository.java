package io.portcullis.resource;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Resource secrets in PostgreSQL. */
@ApplicationScoped
public class ResourceSecretRepository implements PanacheRepositoryBase<ResourceSecret, UUID> {

    public Optional<ResourceSecret> ofResource(UUID resourceId) {
        return find("resourceId", resourceId).firstResultOptional();
    }

    /** The secrets of every resource of an environment. */
    public List<ResourceSecret> listByEnvironment(UUID environmentId) {
        return list("resourceId in (select r.id from Resource r where r.environmentId = ?1)", environmentId);
    }
}
