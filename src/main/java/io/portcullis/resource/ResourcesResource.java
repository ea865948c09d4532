package io.portcullis.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.portcullis.audit.AuditLog;
import io.portcullis.config.PortcullisConfig;
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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
import java.util.Map;
import java.util.UUID;

/** {@code /v1/environments/{envID}/resources}: the custom resources (APIs) of one environment. */
@Path("/v1/environments/{envID}/resources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ResourcesResource {

    private final ManagementAccess access;
    private final ResourceService service;
    private final ResourceRepository resources;
    private final AuditLog audit;
    private final Hal hal;
    private final PortcullisConfig config;

    public ResourcesResource(
            ManagementAccess access,
            ResourceService service,
            ResourceRepository resources,
            AuditLog audit,
            Hal hal,
            PortcullisConfig config) {
        this.access = access;
        this.service = service;
        this.resources = resources;
        this.audit = audit;
        this.hal = hal;
        this.config = config;
    }

    /** What {@code filter} may name on the list. */
    static final Map<String, ListFilter.Attribute> FILTER = Map.of(
            "id", new ListFilter.Id("id"),
            "name", new ListFilter.Text("name"),
            "audience", new ListFilter.Text("audience"),
            "type", new ListFilter.Text("type"));

    /**
     * The body of POST and PUT; PUT replaces, so omitted optional fields take their defaults.
     * {@code introspectEndpointAuthMethod} and {@code applicationPermissionsSettings} are what
     * PingOne's Terraform provider always sends.
     */
    public record ResourceRequest(
            @NotNull @NotBlank @Size(max = 256) String name,
            @Pattern(regexp = "CUSTOM", message = "must be CUSTOM") String type,
            @Size(min = 1, max = 1024) String audience,
            @Min(Resource.MIN_VALIDITY_SECONDS) @Max(Resource.MAX_VALIDITY_SECONDS) Integer accessTokenValiditySeconds,
            @Size(max = 1024) String description,
            @Pattern(regexp = Resource.INTROSPECT_METHODS, message = "must be NONE, CLIENT_SECRET_BASIC or CLIENT_SECRET_POST")
            String introspectEndpointAuthMethod,
            ApplicationPermissionsSettings applicationPermissionsSettings) {

        ResourceService.Introspection introspection() {
            return new ResourceService.Introspection(introspectEndpointAuthMethod,
                    applicationPermissionsSettings == null ? null : applicationPermissionsSettings.claimEnabled());
        }
    }

    /** PingOne's switch for permission claims in access tokens: stored and echoed, no claim is added. */
    public record ApplicationPermissionsSettings(Boolean claimEnabled) {}

    /** A resource as the API shows it. */
    public record ResourceResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            Reference environment,
            String name,
            String type,
            String audience,
            int accessTokenValiditySeconds,
            String description,
            String introspectEndpointAuthMethod,
            ApplicationPermissionsSettings applicationPermissionsSettings,
            Instant createdAt,
            Instant updatedAt) {}

    @POST
    @Transactional
    public Response create(@PathParam("envID") String envId, @Valid @NotNull ResourceRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        requireUnreservedAudience(body);
        if (resources.nameTaken(environmentId, body.name(), null)) {
            throw ApiError.uniqueness("name", "A resource with this name already exists in the environment");
        }
        Resource created = service.create(environmentId, body.name(), body.audience(), body.accessTokenValiditySeconds(),
                body.description(), body.introspection());
        audit.record(caller, environmentId, "RESOURCE", "CREATED", created.id, created.name);
        return hal.created(path(created), toResponse(created));
    }

    @GET
    @Transactional
    public Hal.ListBody<ResourceResponse> list(@PathParam("envID") String envId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @QueryParam("filter") String filter) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        Paging paging = Paging.of(limit, cursor, filter);
        ListFilter.Where where = ListFilter.parse(filter, FILTER, 2);
        return hal.list("/environments/" + environmentId + "/resources", "resources",
                paging.fetch(resources, new ListFilter.Where("environmentId = ?1 and " + where.jpql(),
                        prepend(environmentId, where.params())), r -> r.id, this::toResponse), paging);
    }

    @GET
    @Path("/{resourceID}")
    @Transactional
    public ResourceResponse get(@PathParam("envID") String envId, @PathParam("resourceID") String resourceId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        return toResponse(find(environmentId, resourceId));
    }

    @PUT
    @Path("/{resourceID}")
    @Transactional
    public ResourceResponse update(
            @PathParam("envID") String envId, @PathParam("resourceID") String resourceId, @Valid @NotNull ResourceRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Resource existing = find(environmentId, resourceId);
        requireUnreservedAudience(body);
        if (resources.nameTaken(environmentId, body.name(), existing.id)) {
            throw ApiError.uniqueness("name", "A resource with this name already exists in the environment");
        }
        Resource updated = service.update(environmentId, existing.id, body.name(), body.audience(),
                body.accessTokenValiditySeconds(), body.description(), body.introspection());
        audit.record(caller, environmentId, "RESOURCE", "UPDATED", updated.id, updated.name);
        return toResponse(updated);
    }

    /** Deletes the resource with its scopes and every grant of it: tokens for it are no longer issued. */
    @DELETE
    @Path("/{resourceID}")
    @Transactional
    public Response delete(@PathParam("envID") String envId, @PathParam("resourceID") String resourceId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Resource existing = find(environmentId, resourceId);
        service.delete(environmentId, existing.id);
        audit.record(caller, environmentId, "RESOURCE", "DELETED", existing.id, existing.name);
        return Response.noContent().build();
    }


    /** The audience (the name when omitted) must not be the management API's or another of this service's own. */
    private void requireUnreservedAudience(ResourceRequest body) {
        String audience = body.audience() != null ? body.audience() : body.name();
        if (ReservedAudiences.isReserved(config.publicUrl(), audience)) {
            throw ApiError.invalidData(body.audience() != null ? "audience" : "name",
                    "is reserved: the management API and this service's own URLs cannot be the audience of a resource");
        }
    }

    private Resource find(UUID environmentId, String rawId) {
        return Ids.find(rawId, "resource", id -> resources.findInEnvironment(environmentId, id));
    }

    /** {@code first} followed by {@code rest}: the parent's id before a filter's parameters. */
    static java.util.List<Object> prepend(Object first, java.util.List<Object> rest) {
        java.util.List<Object> all = new java.util.ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    static String path(Resource r) {
        return "/environments/" + r.environmentId + "/resources/" + r.id;
    }

    private ResourceResponse toResponse(Resource r) {
        return new ResourceResponse(hal.self(path(r)), r.id, new Reference(r.environmentId), r.name, r.type, r.audience,
                r.accessTokenValiditySeconds, r.description, r.introspectEndpointAuthMethod,
                new ApplicationPermissionsSettings(r.applicationPermissionsClaimEnabled), r.createdAt, r.updatedAt);
    }
}
