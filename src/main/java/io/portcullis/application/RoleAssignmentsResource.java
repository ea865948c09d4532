package io.portcullis.application;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.portcullis.audit.AuditLog;
import io.portcullis.environment.EnvironmentRepository;
import io.portcullis.environment.Organization;
import io.portcullis.management.Caller;
import io.portcullis.management.ManagementAccess;
import io.portcullis.management.ManagementRole;
import io.portcullis.management.Permission;
import io.portcullis.web.ApiError;
import io.portcullis.web.Hal;
import io.portcullis.web.Ids;
import io.portcullis.web.Paging;
import io.portcullis.web.Reference;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /v1/environments/{envID}/applications/{appID}/roleAssignments}: management roles held by
 * an application. A caller never grants (or takes away) more than it holds itself.
 */
@Path("/v1/environments/{envID}/applications/{appID}/roleAssignments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleAssignmentsResource {

    private final ManagementAccess access;
    private final ApplicationAuthority authority;
    private final ApplicationService applications;
    private final ApplicationRepository repository;
    private final RoleAssignmentRepository roles;
    private final EnvironmentRepository environments;
    private final AuditLog audit;
    private final Hal hal;

    public RoleAssignmentsResource(
            ManagementAccess access,
            ApplicationAuthority authority,
            ApplicationService applications,
            ApplicationRepository repository,
            RoleAssignmentRepository roles,
            EnvironmentRepository environments,
            AuditLog audit,
            Hal hal) {
        this.access = access;
        this.authority = authority;
        this.applications = applications;
        this.repository = repository;
        this.roles = roles;
        this.environments = environments;
        this.audit = audit;
        this.hal = hal;
    }

    /**
     * The role, by id as PingOne clients send it ({@code GET /v1/roles} lists the ids), or by name
     * ({@code ENVIRONMENT_ADMIN} or PingOne's {@code Environment Admin}); both, if given, must agree.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoleRef(UUID id, String name) {}

    /**
     * {@code {"type": "ORGANIZATION"|"ENVIRONMENT", "id": "..."}}: the organization's id (which may be
     * omitted) or an environment's id.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScopeRef(@NotNull @Pattern(regexp = "ORGANIZATION|ENVIRONMENT", message = "must be ORGANIZATION or ENVIRONMENT") String type, UUID id) {}

    /** The body of POST; {@code id}, {@code environment} and {@code readOnly} of a read-back are ignored. */
    @JsonIgnoreProperties({"readOnly"})
    public record RoleAssignmentRequest(@Valid @NotNull RoleRef role, @Valid @NotNull ScopeRef scope) {}

    /**
     * A role assignment as the API shows it; {@code readOnly} says whether the caller could not
     * remove it (PingOne's meaning).
     */
    public record RoleAssignmentResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            RoleRef role,
            ScopeRef scope,
            Reference environment,
            boolean readOnly,
            Instant createdAt) {}

    @POST
    @Transactional
    public Response assign(@PathParam("envID") String envId, @PathParam("appID") String appId, @Valid @NotNull RoleAssignmentRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_ROLES);
        Caller caller = access.caller();
        Application app = authority.actOn(caller, environmentId, appId);
        ManagementRole role = roleOf(body.role());
        UUID scopeId = scopeOf(role, body.scope());
        if (!caller.holds(role, scopeId)) {
            throw ApiError.forbidden(); // a role assignment never grants more than its creator holds
        }
        boolean duplicate = roles.listByApplication(app.id).stream().anyMatch(r -> r.roleName.equals(role.name())
                && r.scopeType.equals(body.scope().type()) && java.util.Objects.equals(r.scopeId, scopeId));
        if (duplicate) {
            throw ApiError.uniqueness("role", "The application already holds this role with this scope");
        }
        RoleAssignment created = applications.assignRole(environmentId, app.id, role.name(), body.scope().type(), scopeId);
        audit.record(caller, environmentId, "ROLE_ASSIGNMENT", "CREATED", created.id, role.name() + " on " + body.scope().type()
                + (scopeId == null ? "" : " " + scopeId) + " to application " + app.id);
        return hal.created(path(app, created.id), toResponse(caller, app, created));
    }

    @GET
    @Transactional
    public Hal.ListBody<RoleAssignmentResponse> list(
            @PathParam("envID") String envId, @PathParam("appID") String appId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        Application app = find(environmentId, appId);
        Paging paging = Paging.of(limit, cursor);
        return hal.list(ApplicationsResource.path(environmentId, app.id) + "/roleAssignments", "roleAssignments",
                paging.fetch(roles, "applicationId", app.id, r -> r.id, r -> toResponse(access.caller(), app, r)), paging);
    }

    @GET
    @Path("/{assignmentID}")
    @Transactional
    public RoleAssignmentResponse get(@PathParam("envID") String envId, @PathParam("appID") String appId,
            @PathParam("assignmentID") String assignmentId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        Application app = find(environmentId, appId);
        return toResponse(access.caller(), app, findAssignment(app, assignmentId));
    }

    @DELETE
    @Path("/{assignmentID}")
    @Transactional
    public Response remove(@PathParam("envID") String envId, @PathParam("appID") String appId,
            @PathParam("assignmentID") String assignmentId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_ROLES);
        Caller caller = access.caller();
        Application app = authority.actOn(caller, environmentId, appId);
        RoleAssignment assignment = findAssignment(app, assignmentId);
        ManagementRole role = ManagementRole.of(assignment.roleName).orElseThrow();
        if (role == ManagementRole.ORGANIZATION_ADMIN) {
            authority.keepOrganizationAdminWithoutAssignment(assignment.id);
        }
        applications.removeRole(environmentId, assignment);
        audit.record(caller, environmentId, "ROLE_ASSIGNMENT", "DELETED", assignment.id, role.name() + " from application " + app.id);
        return Response.noContent().build();
    }

    private static ManagementRole roleOf(RoleRef ref) {
        if (ref.id() == null && ref.name() == null) {
            throw ApiError.invalidData("role.id", "is required: the id of a role listed at /v1/roles");
        }
        ManagementRole byId = ref.id() == null ? null : ManagementRole.byId(ref.id())
                .orElseThrow(() -> ApiError.invalidData("role.id", "is not the id of a role listed at /v1/roles"));
        ManagementRole byName = ref.name() == null ? null : ManagementRole.of(ref.name())
                .orElseThrow(() -> ApiError.invalidData("role.name",
                        "unknown role; one of ORGANIZATION_ADMIN, ENVIRONMENT_ADMIN, CLIENT_APPLICATION_DEVELOPER, READ_ONLY"));
        if (byId != null && byName != null && byId != byName) {
            throw ApiError.invalidData("role.name", "names another role than role.id");
        }
        return byId != null ? byId : byName;
    }

    /**
     * ORGANIZATION_ADMIN is organization-wide (null here; the scope id, if given, must be the
     * organization's); the others name one existing environment.
     */
    private UUID scopeOf(ManagementRole role, ScopeRef scope) {
        if (role == ManagementRole.ORGANIZATION_ADMIN) {
            if (!"ORGANIZATION".equals(scope.type())) {
                throw ApiError.invalidData("scope.type", "ORGANIZATION_ADMIN takes the ORGANIZATION scope");
            }
            if (scope.id() != null && !scope.id().equals(Organization.ID)) {
                throw ApiError.invalidData("scope.id", "must be the organization's id");
            }
            return null;
        }
        if (!"ENVIRONMENT".equals(scope.type())) {
            throw ApiError.invalidData("scope.type", role.name() + " takes the ENVIRONMENT scope");
        }
        if (scope.id() == null || environments.findByIdOptional(scope.id()).isEmpty()) {
            throw ApiError.invalidData("scope.id", "must be the id of an existing environment");
        }
        return scope.id();
    }

    private Application find(UUID environmentId, String appId) {
        return Ids.find(appId, "application", id -> repository.findInEnvironment(environmentId, id));
    }

    private RoleAssignment findAssignment(Application app, String assignmentId) {
        return Ids.find(assignmentId, "role assignment",
                id -> roles.find("id = ?1 and applicationId = ?2", id, app.id).firstResultOptional());
    }

    private String path(Application app, UUID assignmentId) {
        return ApplicationsResource.path(app.environmentId, app.id) + "/roleAssignments/" + assignmentId;
    }

    private RoleAssignmentResponse toResponse(Caller caller, Application app, RoleAssignment r) {
        ManagementRole role = ManagementRole.of(r.roleName).orElseThrow();
        boolean organization = "ORGANIZATION".equals(r.scopeType);
        return new RoleAssignmentResponse(hal.self(path(app, r.id)), r.id, new RoleRef(role.id(), role.name()),
                new ScopeRef(r.scopeType, organization ? Organization.ID : r.scopeId), new Reference(app.environmentId),
                !caller.holds(role, r.scopeId), r.createdAt);
    }
}
