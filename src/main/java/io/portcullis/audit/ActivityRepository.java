package io.portcullis.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** The audit trail in PostgreSQL. */
@ApplicationScoped
public class ActivityRepository implements PanacheRepositoryBase<Activity, UUID> {

    /**
     * The environment of the application with this id (an activity's environment), empty when none
     * has it. By entity name, so that the audit trail does not depend on the application feature,
     * which records its changes here.
     */
    public Optional<UUID> environmentOfApplication(UUID applicationId) {
        return getEntityManager()
                .createQuery("select a.environmentId from Application a where a.id = ?1", UUID.class)
                .setParameter(1, applicationId)
                .getResultStream().findFirst();
    }
}
