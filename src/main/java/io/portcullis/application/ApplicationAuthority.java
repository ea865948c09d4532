package io.portcullis.application;

import io.portcullis.application.RoleAssignmentRepository.OrganizationAdmin;
import io.portcullis.environment.ApplicationsOfEnvironment;
import io.portcullis.management.Caller;
import io.portcullis.web.ApiError;
import io.portcullis.web.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Who may act on an application, in one place for every management resource. Its credentials
 * (secret, rotation, client keys and method, token revocation), its configuration (PUT, enabling,
 * grants), its existence and its role assignments are the caller's to touch only when the caller
 * holds every role the application holds, with the same or a wider scope (ORGANIZATION covers every
 * environment): PingOne's rule for worker applications, without which a lower role reads a higher
 * application's secret and acts as it. And the organization keeps at least one enabled application
 * holding ORGANIZATION_ADMIN, so that no one has to edit the database to get back in.
 */
@ApplicationScoped
public class ApplicationAuthority implements ApplicationsOfEnvironment {

    private final ApplicationRepository applications;
    private final RoleAssignmentRepository roles;

    public ApplicationAuthority(ApplicationRepository applications, RoleAssignmentRepository roles) {
        this.applications = applications;
        this.roles = roles;
    }

    /**
     * The application of the environment that the caller is about to change, read the secret of or
     * delete: 404 when there is none, 403 unless the caller holds every role it holds.
     */
    public Application actOn(Caller caller, UUID environmentId, String rawApplicationId) {
        Application app = Ids.find(rawApplicationId, "application", id -> applications.findInEnvironment(environmentId, id));
        requireActOn(caller, app.id);
        return app;
    }

    /** 403 unless the caller holds every role the application holds. */
    public void requireActOn(Caller caller, UUID applicationId) {
        if (!caller.holdsAll(ApplicationRoles.held(roles.listByApplication(applicationId)))) {
            throw ApiError.forbidden();
        }
    }

    /** 403 unless the caller may act on every application of the environment (to delete it). */
    @Override
    public void requireActOnEnvironment(Caller caller, UUID environmentId) {
        for (UUID applicationId : roles.applicationsWithRoles(environmentId)) {
            requireActOn(caller, applicationId);
        }
    }

    /** 400 when disabling or deleting the application would leave no enabled ORGANIZATION_ADMIN. */
    public void keepOrganizationAdminWithoutApplication(UUID applicationId) {
        keepOrganizationAdmin(admin -> admin.applicationId().equals(applicationId));
    }

    /** 400 when removing this role assignment would leave no enabled ORGANIZATION_ADMIN. */
    public void keepOrganizationAdminWithoutAssignment(UUID assignmentId) {
        keepOrganizationAdmin(admin -> admin.assignmentId().equals(assignmentId));
    }

    /** 400 when deleting the environment, with its applications, would leave no enabled ORGANIZATION_ADMIN. */
    @Override
    public void keepOrganizationAdminWithoutEnvironment(UUID environmentId) {
        keepOrganizationAdmin(admin -> admin.environmentId().equals(environmentId));
    }

    /**
     * Holds the organization-admin lock until the transaction ends, so that two concurrent requests
     * cannot each remove one of the last two; then refuses when every holder would be gone.
     */
    private void keepOrganizationAdmin(Predicate<OrganizationAdmin> leaving) {
        roles.lockOrganizationAdmins();
        List<OrganizationAdmin> admins = roles.enabledOrganizationAdmins();
        if (admins.stream().anyMatch(leaving) && admins.stream().allMatch(leaving)) {
            throw ApiError.invalidRequest(
                    "The last enabled application holding ORGANIZATION_ADMIN can neither lose that role nor be disabled or deleted");
        }
    }
}
