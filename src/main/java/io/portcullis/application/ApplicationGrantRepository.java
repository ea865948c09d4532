package io.portcullis.application;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Application grants in PostgreSQL. */
@ApplicationScoped
public class ApplicationGrantRepository implements PanacheRepositoryBase<ApplicationGrant, UUID> {

    public Optional<ApplicationGrant> findForApplication(UUID applicationId, UUID id) {
        return find("id = ?1 and applicationId = ?2", id, applicationId).firstResultOptional();
    }

    public List<ApplicationGrant> listByApplication(UUID applicationId) {
        return list("applicationId", applicationId);
    }

    /** Every grant of every application of an environment. */
    public List<ApplicationGrant> listByEnvironment(UUID environmentId) {
        return list("applicationId in (select a.id from Application a where a.environmentId = ?1)", environmentId);
    }

    /** Whether the application already has another grant of this resource (one per pair). */
    public boolean resourceGranted(UUID applicationId, UUID resourceId, UUID exceptId) {
        return count("applicationId = ?1 and resourceId = ?2 and id <> ?3", applicationId, resourceId,
                exceptId == null ? new UUID(0, 0) : exceptId) > 0;
    }
}
