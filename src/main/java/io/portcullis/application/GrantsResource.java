package io.portcullis.application;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.portcullis.audit.AuditLog;
import io.portcullis.management.Caller;
import io.portcullis.management.ManagementAccess;
import io.portcullis.management.Permission;
import io.portcullis.resource.Resource;
import io.portcullis.resource.ResourceRepository;
import io.portcullis.resource.ResourceScope;
import io.portcullis.resource.ResourceScopeRepository;
import io.portcullis.web.ApiError;
import io.portcullis.web.Hal;
import io.portcullis.web.Ids;
import io.portcullis.web.Paging;
import io.portcullis.web.Reference;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code /v1/environments/{envID}/applications/{appID}/grants}: which scopes of which resource an
 * application may put in its tokens. One grant per application and resource.
 */
@Path("/v1/environments/{envID}/applications/{appID}/grants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GrantsResource {

    static final int MAX_SCOPES = 1000;

    private final ManagementAccess access;
    private final ApplicationAuthority authority;
    private final ApplicationService service;
    private final ApplicationRepository applications;
    private final ApplicationGrantRepository grants;
    private final ResourceRepository resources;
    private final ResourceScopeRepository scopes;
    private final AuditLog audit;
    private final Hal hal;

    public GrantsResource(
            ManagementAccess access,
            ApplicationAuthority authority,
            ApplicationService service,
            ApplicationRepository applications,
            ApplicationGrantRepository grants,
            ResourceRepository resources,
            ResourceScopeRepository scopes,
            AuditLog audit,
            Hal hal) {
        this.access = access;
        this.authority = authority;
        this.service = service;
        this.applications = applications;
        this.grants = grants;
        this.resources = resources;
        this.scopes = scopes;
        this.audit = audit;
        this.hal = hal;
    }

    /** The body of POST and PUT: {@code {"resource": {"id"}, "scopes": [{"id"}, ...]}}. */
    @JsonIgnoreProperties({"application"}) // read-only, as PingOne ignores it on PUT
    public record GrantRequest(
            @Valid @NotNull Reference resource,
            @NotNull @Size(min = 1, max = MAX_SCOPES) List<@Valid @NotNull Reference> scopes) {}

    /** A grant as the API shows it. */
    public record GrantResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            Reference environment,
            Reference application,
            Reference resource,
            List<Reference> scopes,
            Instant createdAt,
            Instant updatedAt) {}

    @POST
    @Transactional
    public Response create(@PathParam("envID") String envId, @PathParam("appID") String appId, @Valid @NotNull GrantRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Application app = authority.actOn(caller, environmentId, appId);
        Resource resource = checkedResource(environmentId, body);
        Set<UUID> scopeIds = checkedScopes(resource, body);
        if (grants.resourceGranted(app.id, resource.id, null)) {
            throw ApiError.uniqueness("resource.id", "The application already has a grant of this resource");
        }
        ApplicationGrant created = service.grant(environmentId, app.id, resource.id, scopeIds);
        audit.record(caller, environmentId, "GRANT", "CREATED", created.id, describe(app, resource, scopeIds));
        return hal.created(path(environmentId, created), toResponse(environmentId, created));
    }

    @GET
    @Transactional
    public Hal.ListBody<GrantResponse> list(
            @PathParam("envID") String envId,
            @PathParam("appID") String appId,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        Application app = findApplication(environmentId, appId);
        Paging paging = Paging.of(limit, cursor);
        return hal.list("/environments/" + environmentId + "/applications/" + app.id + "/grants", "grants",
                paging.fetch(grants, "applicationId", app.id, g -> g.id, g -> toResponse(environmentId, g)), paging);
    }

    @GET
    @Path("/{grantID}")
    @Transactional
    public GrantResponse get(
            @PathParam("envID") String envId, @PathParam("appID") String appId, @PathParam("grantID") String grantId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        return toResponse(environmentId, find(findApplication(environmentId, appId), grantId));
    }

    @PUT
    @Path("/{grantID}")
    @Transactional
    public GrantResponse update(
            @PathParam("envID") String envId,
            @PathParam("appID") String appId,
            @PathParam("grantID") String grantId,
            @Valid @NotNull GrantRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Application app = authority.actOn(caller, environmentId, appId);
        ApplicationGrant existing = find(app, grantId);
        Resource resource = checkedResource(environmentId, body);
        Set<UUID> scopeIds = checkedScopes(resource, body);
        if (grants.resourceGranted(app.id, resource.id, existing.id)) {
            throw ApiError.uniqueness("resource.id", "The application already has a grant of this resource");
        }
        ApplicationGrant updated = service.updateGrant(environmentId, app.id, existing.id, resource.id, scopeIds);
        audit.record(caller, environmentId, "GRANT", "UPDATED", updated.id, describe(app, resource, scopeIds));
        return toResponse(environmentId, updated);
    }

    @DELETE
    @Path("/{grantID}")
    @Transactional
    public Response delete(
            @PathParam("envID") String envId, @PathParam("appID") String appId, @PathParam("grantID") String grantId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Application app = authority.actOn(caller, environmentId, appId);
        ApplicationGrant existing = find(app, grantId);
        service.deleteGrant(environmentId, app.id, existing.id);
        audit.record(caller, environmentId, "GRANT", "DELETED", existing.id, "application " + app.id);
        return Response.noContent().build();
    }

    /** The granted resource must be one of this environment's. */
    private Resource checkedResource(UUID environmentId, GrantRequest body) {
        return resources.findInEnvironment(environmentId, body.resource().id())
                .orElseThrow(() -> ApiError.invalidData("resource.id", "No resource with this id exists in the environment"));
    }

    /** Every granted scope must belong to the granted resource; repeats count once. */
    private Set<UUID> checkedScopes(Resource resource, GrantRequest body) {
        Set<UUID> ofResource = scopes.listByResource(resource.id).stream().map(s -> s.id).collect(Collectors.toSet());
        Set<UUID> granted = new LinkedHashSet<>();
        for (int i = 0; i < body.scopes().size(); i++) {
            UUID id = body.scopes().get(i).id();
            if (!ofResource.contains(id)) {
                throw ApiError.invalidData("scopes[" + i + "].id", "No scope with this id exists in the resource");
            }
            granted.add(id);
        }
        return granted;
    }

    private Application findApplication(UUID environmentId, String rawId) {
        return Ids.find(rawId, "application", id -> applications.findInEnvironment(environmentId, id));
    }

    private ApplicationGrant find(Application app, String rawId) {
        return Ids.find(rawId, "grant", id -> grants.findForApplication(app.id, id));
    }

    private static String describe(Application app, Resource resource, Set<UUID> scopeIds) {
        return "application " + app.id + ", resource " + resource.id + ", " + scopeIds.size() + " scope(s)";
    }

    private static String path(UUID environmentId, ApplicationGrant g) {
        return "/environments/" + environmentId + "/applications/" + g.applicationId + "/grants/" + g.id;
    }

    private GrantResponse toResponse(UUID environmentId, ApplicationGrant g) {
        return new GrantResponse(hal.self(path(environmentId, g)), g.id, new Reference(environmentId), new Reference(g.applicationId),
                new Reference(g.resourceId), g.scopeIds.stream().sorted().map(Reference::new).toList(), g.createdAt, g.updatedAt);
    }
}
