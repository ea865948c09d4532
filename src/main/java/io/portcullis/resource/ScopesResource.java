package io.portcullis.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.portcullis.audit.AuditLog;
import io.portcullis.management.Caller;
import io.portcullis.management.ManagementAccess;
import io.portcullis.management.Permission;
import io.portcullis.web.ApiError;
import io.portcullis.web.Hal;
import io.portcullis.web.Ids;
import io.portcullis.web.ListFilter;
import io.portcullis.web.Paging;
import io.portcullis.web.Reference;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/environments/{envID}/resources/{resourceID}/scopes}: the scopes of one resource. */
@Path("/v1/environments/{envID}/resources/{resourceID}/scopes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScopesResource {

    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), so no space, '"' or '\'. */
    static final String SCOPE_TOKEN = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+";

    private final ManagementAccess access;
    private final ResourceService service;
    private final ResourceRepository resources;
    private final ResourceScopeRepository scopes;
    private final AuditLog audit;
    private final Hal hal;

    public ScopesResource(
            ManagementAccess access,
            ResourceService service,
            ResourceRepository resources,
            ResourceScopeRepository scopes,
            AuditLog audit,
            Hal hal) {
        this.access = access;
        this.service = service;
        this.resources = resources;
        this.scopes = scopes;
        this.audit = audit;
        this.hal = hal;
    }

    /** What {@code filter} may name on the list. */
    static final Map<String, ListFilter.Attribute> FILTER = Map.of(
            "id", new ListFilter.Id("id"),
            "name", new ListFilter.Text("name"));

    /**
     * The body of POST and PUT, as PingOne's SDK models it. {@code resource} is read-only (accepted so
     * that a GET body can be PUT back); {@code schemaAttributes} and {@code mappedClaims} apply only to
     * PingOne's built-in resources, so a custom resource's scope accepts them empty only.
     */
    public record ScopeRequest(
            @NotNull @Size(min = 1, max = 256)
            @Pattern(regexp = SCOPE_TOKEN, message = "must be RFC 6749 scope-token characters: no spaces, '\"' or '\\'")
            String name,
            @Size(max = 1024) String description,
            Reference resource,
            @Size(max = 0, message = "applies only to scopes of the PingOne API resource") List<String> schemaAttributes,
            @Size(max = 0, message = "applies only to scopes of the OpenID Connect resource") List<String> mappedClaims) {}

    /** A scope as the API shows it. */
    public record ScopeResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            Reference resource,
            Reference environment,
            String name,
            String description,
            Instant createdAt,
            Instant updatedAt) {}

    @POST
    @Transactional
    public Response create(
            @PathParam("envID") String envId, @PathParam("resourceID") String resourceId, @Valid @NotNull ScopeRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Resource resource = findResource(environmentId, resourceId);
        if (scopes.nameTaken(resource.id, body.name(), null)) {
            throw ApiError.uniqueness("name", "A scope with this name already exists in the resource");
        }
        ResourceScope created = service.createScope(environmentId, resource.id, body.name(), body.description());
        audit.record(caller, environmentId, "RESOURCE_SCOPE", "CREATED", created.id, created.name);
        return hal.created(path(environmentId, created), toResponse(environmentId, created));
    }

    @GET
    @Transactional
    public Hal.ListBody<ScopeResponse> list(
            @PathParam("envID") String envId,
            @PathParam("resourceID") String resourceId,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("filter") String filter) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        Resource resource = findResource(environmentId, resourceId);
        Paging paging = Paging.of(limit, cursor, filter);
        ListFilter.Where where = ListFilter.parse(filter, FILTER, 2);
        return hal.list("/environments/" + environmentId + "/resources/" + resource.id + "/scopes", "scopes",
                paging.fetch(scopes, new ListFilter.Where("resourceId = ?1 and " + where.jpql(),
                        ResourcesResource.prepend(resource.id, where.params())), s -> s.id, s -> toResponse(environmentId, s)),
                paging);
    }

    @GET
    @Path("/{scopeID}")
    @Transactional
    public ScopeResponse get(
            @PathParam("envID") String envId, @PathParam("resourceID") String resourceId, @PathParam("scopeID") String scopeId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        return toResponse(environmentId, find(findResource(environmentId, resourceId), scopeId));
    }

    @PUT
    @Path("/{scopeID}")
    @Transactional
    public ScopeResponse update(
            @PathParam("envID") String envId,
            @PathParam("resourceID") String resourceId,
            @PathParam("scopeID") String scopeId,
            @Valid @NotNull ScopeRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Resource resource = findResource(environmentId, resourceId);
        ResourceScope existing = find(resource, scopeId);
        if (scopes.nameTaken(resource.id, body.name(), existing.id)) {
            throw ApiError.uniqueness("name", "A scope with this name already exists in the resource");
        }
        ResourceScope updated = service.updateScope(environmentId, resource.id, existing.id, body.name(), body.description());
        audit.record(caller, environmentId, "RESOURCE_SCOPE", "UPDATED", updated.id, updated.name);
        return toResponse(environmentId, updated);
    }

    /** Deletes the scope and takes it out of every grant: tokens no longer carry it. */
    @DELETE
    @Path("/{scopeID}")
    @Transactional
    public Response delete(
            @PathParam("envID") String envId, @PathParam("resourceID") String resourceId, @PathParam("scopeID") String scopeId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Resource resource = findResource(environmentId, resourceId);
        ResourceScope existing = find(resource, scopeId);
        service.deleteScope(environmentId, resource.id, existing.id);
        audit.record(caller, environmentId, "RESOURCE_SCOPE", "DELETED", existing.id, existing.name);
        return Response.noContent().build();
    }

    private Resource findResource(UUID environmentId, String rawId) {
        return Ids.find(rawId, "resource", id -> resources.findInEnvironment(environmentId, id));
    }

    private ResourceScope find(Resource resource, String rawId) {
        return Ids.find(rawId, "scope", id -> scopes.findInResource(resource.id, id));
    }

    private static String path(UUID environmentId, ResourceScope s) {
        return "/environments/" + environmentId + "/resources/" + s.resourceId + "/scopes/" + s.id;
    }

    private ScopeResponse toResponse(UUID environmentId, ResourceScope s) {
        return new ScopeResponse(hal.self(path(environmentId, s)), s.id, new Reference(s.resourceId),
                new Reference(environmentId), s.name, s.description, s.createdAt, s.updatedAt);
    }
}
