package io.portcullis.environment;

import io.portcullis.admin.ApiError;
import io.portcullis.admin.ApplicationAuthority;
import io.portcullis.admin.AuditLog;
import io.portcullis.admin.Bootstrap;
import io.portcullis.admin.Caller;
import io.portcullis.admin.Hal;
import io.portcullis.admin.Ids;
import io.portcullis.admin.ManagementAccess;
import io.portcullis.admin.Paging;
import io.portcullis.admin.Permission;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code /v1/environments}: create, list, read, change and delete environments. */
@Path("/v1/environments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnvironmentsResource {

    private final ManagementAccess access;
    private final ApplicationAuthority authority;
    private final EnvironmentService environments;
    private final EnvironmentRepository repository;
    private final AuditLog audit;
    private final Bootstrap bootstrap;
    private final Hal hal;

    public EnvironmentsResource(
            ManagementAccess access,
            ApplicationAuthority authority,
            EnvironmentService environments,
            EnvironmentRepository repository,
            AuditLog audit,
            Bootstrap bootstrap,
            Hal hal) {
        this.access = access;
        this.authority = authority;
        this.environments = environments;
        this.repository = repository;
        this.audit = audit;
        this.bootstrap = bootstrap;
        this.hal = hal;
    }

    /** The body of POST and PUT. */
    public record EnvironmentRequest(
            @NotNull @NotBlank @Size(max = 256) String name, @Size(max = 1024) String description) {}

    /** An environment as the API shows it. */
    public record EnvironmentResponse(
            @com.fasterxml.jackson.annotation.JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            String name,
            String description,
            Instant createdAt,
            Instant updatedAt) {}

    @POST
    @Transactional
    public Response create(@Valid @NotNull EnvironmentRequest body) {
        Caller caller = access.requireOrganization(Permission.CREATE_ENVIRONMENT);
        if (repository.nameTaken(body.name(), null)) {
            throw ApiError.uniqueness("name", "An environment with this name already exists");
        }
        Environment created = environments.create(null, body.name(), body.description());
        audit.record(caller, created.id, "ENVIRONMENT", "CREATED", created.id, created.name);
        return hal.created("/environments/" + created.id, toResponse(created));
    }

    @GET
    @Transactional
    public Hal.ListBody<EnvironmentResponse> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller caller = access.caller();
        Paging paging = Paging.of(limit, cursor);
        List<Environment> rows;
        long total;
        if (caller.organizationWide()) {
            rows = repository.find("id > ?1", Sort.by("id"), paging.afterOrFirst()).page(0, paging.limit() + 1).list();
            total = repository.count();
        } else {
            Set<UUID> visible = caller.roles().stream()
                    .map(Caller.Held::environmentId)
                    .filter(id -> id != null && caller.may(Permission.READ, id))
                    .collect(Collectors.toSet());
            if (visible.isEmpty()) {
                return hal.list("/environments", "environments", paging.page(List.<Environment>of(), 0, e -> e.id, this::toResponse), paging);
            }
            rows = repository.find("id in ?1 and id > ?2", Sort.by("id"), visible, paging.afterOrFirst())
                    .page(0, paging.limit() + 1).list();
            total = repository.count("id in ?1", visible);
        }
        return hal.list("/environments", "environments", paging.page(rows, total, e -> e.id, this::toResponse), paging);
    }

    @GET
    @Path("/{envID}")
    @Transactional
    public EnvironmentResponse get(@PathParam("envID") String envId) {
        UUID id = Ids.parse(envId, "environment " + envId);
        access.require(Permission.READ, id);
        return toResponse(find(id));
    }

    @PUT
    @Path("/{envID}")
    @Transactional
    public EnvironmentResponse update(@PathParam("envID") String envId, @Valid @NotNull EnvironmentRequest body) {
        UUID id = Ids.parse(envId, "environment " + envId);
        Caller caller = access.require(Permission.WRITE_ENVIRONMENT, id);
        find(id);
        if (repository.nameTaken(body.name(), id)) {
            throw ApiError.uniqueness("name", "An environment with this name already exists");
        }
        Environment updated = environments.update(id, body.name(), body.description());
        audit.record(caller, id, "ENVIRONMENT", "UPDATED", id, updated.name);
        return toResponse(updated);
    }

    @DELETE
    @Path("/{envID}")
    @Transactional
    public Response delete(@PathParam("envID") String envId) {
        UUID id = Ids.parse(envId, "environment " + envId);
        Caller caller = access.require(Permission.WRITE_ENVIRONMENT, id);
        Environment environment = find(id);
        if (id.equals(caller.environmentId()) || bootstrap.bootstrapEnvironmentId().map(id::equals).orElse(false)) {
            throw ApiError.invalidRequest("The administrators' environment, or the caller's own, cannot be deleted");
        }
        // Deleting the environment deletes its applications: the caller must be able to delete each.
        authority.requireActOnEnvironment(caller, id);
        authority.keepOrganizationAdminWithoutEnvironment(id);
        environments.delete(id);
        audit.record(caller, id, "ENVIRONMENT", "DELETED", id, environment.name);
        return Response.noContent().build();
    }

    private Environment find(UUID id) {
        return repository.findByIdOptional(id).orElseThrow(() -> ApiError.notFound("environment " + id));
    }

    private EnvironmentResponse toResponse(Environment e) {
        return new EnvironmentResponse(hal.self("/environments/" + e.id), e.id, e.name, e.description, e.createdAt, e.updatedAt);
    }
}
