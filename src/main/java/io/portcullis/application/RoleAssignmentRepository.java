package io.portcullis.application;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Role assignments in PostgreSQL. */
@ApplicationScoped
public class RoleAssignmentRepository implements PanacheRepositoryBase<RoleAssignment, UUID> {

    public List<RoleAssignment> listByApplication(UUID applicationId) {
        return list("applicationId", applicationId);
    }

    /** Applications of an environment that hold any management role. */
    public List<UUID> applicationsWithRoles(UUID environmentId) {
        return getEntityManager()
                .createQuery("select distinct r.applicationId from RoleAssignment r, Application a "
                        + "where a.id = r.applicationId and a.environmentId = ?1", UUID.class)
                .setParameter(1, environmentId)
                .getResultList();
    }
}
