package io.portcullis.pingfederate.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.application.ApplicationAuthority;
import io.portcullis.audit.AuditLog;
import io.portcullis.management.Caller;
import io.portcullis.management.Permission;
import io.portcullis.pingfederate.PingFederateEnvironment;
import io.portcullis.web.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * What every PingFederate admin API resource needs: the environment behind the face, the access
 * check, the mapping onto Portcullis's objects, body parsing and the audit trail.
 */
@ApplicationScoped
public class PingFederateAdmin {

    private final PingFederateAdminAccess access;
    private final PingFederateEnvironment environment;
    private final PingFederateConfiguration configuration;
    private final ApplicationAuthority authority;
    private final AuditLog audit;
    private final ObjectMapper json;

    public PingFederateAdmin(PingFederateAdminAccess access, PingFederateEnvironment environment,
            PingFederateConfiguration configuration, ApplicationAuthority authority, AuditLog audit, ObjectMapper json) {
        this.access = access;
        this.environment = environment;
        this.configuration = configuration;
        this.authority = authority;
        this.audit = audit;
        this.json = json;
    }

    /**
     * /v1's rule for acting on an application (its secret, configuration or existence): 403 unless
     * the caller holds every role the application holds.
     */
    public void requireActOn(Caller caller, UUID applicationId) {
        try {
            authority.requireActOn(caller, applicationId);
        } catch (ApiError e) {
            throw PingFederateApiError.forbidden();
        }
    }

    /**
     * 422 on {@code fieldPath} (400 without one) when disabling or deleting the application would
     * leave no enabled application holding ORGANIZATION_ADMIN.
     */
    public void keepOrganizationAdminWithoutApplication(UUID applicationId, String fieldPath) {
        try {
            authority.keepOrganizationAdminWithoutApplication(applicationId);
        } catch (ApiError e) {
            throw fieldPath != null ? PingFederateApiError.invalid(fieldPath, e.getMessage())
                    : PingFederateApiError.malformed(e.getMessage());
        }
    }

    /** The PingFederate environment (404 when the face is off), after requiring the permission in it. */
    public UUID environmentFor(Permission permission) {
        UUID id = environment.id();
        access.require(permission);
        return id;
    }

    /** Like {@link #environmentFor}, returning the caller a change is recorded against. */
    public Caller callerFor(Permission permission) {
        environment.id();
        return access.require(permission);
    }

    public UUID environmentId() {
        return environment.id();
    }

    public PingFederateConfiguration configuration() {
        return configuration;
    }

    public PingFederateBody parse(String body) {
        return PingFederateBody.parse(json, body);
    }

    /** Records a change in the environment's audit trail (its description holds 512 characters). */
    public void record(Caller caller, String resourceType, String verb, UUID resourceId, String description) {
        String shown = description.length() <= 512 ? description : description.substring(0, 509) + "...";
        audit.record(caller, environment.id(), resourceType, verb, resourceId, shown);
    }
}
