package io.portcullis.application;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Role assignments in PostgreSQL. */
@ApplicationScoped
public class RoleAssignmentRepository implements PanacheRepositoryBase<RoleAssignment, UUID> {

    /** The ids of the environment's applications that hold a role (also parsed ahead by the start's warm-up). */
    public static final String APPLICATIONS_WITH_ROLES = "select distinct r.applicationId from RoleAssignment r,"
            + " Application a where a.id = r.applicationId and a.environmentId = ?1";

    public List<RoleAssignment> listByApplication(UUID applicationId) {
        return list("applicationId", applicationId);
    }

    /** Applications of an environment that hold any management role. */
    public List<UUID> applicationsWithRoles(UUID environmentId) {
        return getEntityManager()
                .createQuery(APPLICATIONS_WITH_ROLES, UUID.class)
                .setParameter(1, environmentId)
                .getResultList();
    }

    /** One ORGANIZATION_ADMIN assignment of an enabled application. */
    public record OrganizationAdmin(UUID assignmentId, UUID applicationId, UUID environmentId) {}

    /** Every ORGANIZATION_ADMIN assignment held by an enabled application. */
    public List<OrganizationAdmin> enabledOrganizationAdmins() {
        return getEntityManager()
                .createQuery("select r.id, a.id, a.environmentId from RoleAssignment r, Application a "
                        + "where a.id = r.applicationId and a.enabled = true and r.roleName = 'ORGANIZATION_ADMIN'", Object[].class)
                .getResultList().stream()
                .map(row -> new OrganizationAdmin((UUID) row[0], (UUID) row[1], (UUID) row[2]))
                .toList();
    }

    /** Serializes the changes that could remove the last ORGANIZATION_ADMIN, until the transaction ends. */
    public void lockOrganizationAdmins() {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext('portcullis.organization-admins'))")
                .getSingleResult();
    }
}
