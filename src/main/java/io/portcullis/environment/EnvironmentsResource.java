package io.portcullis.environment;

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
import java.util.ArrayList;
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
    private final ApplicationsOfEnvironment authority;
    private final EnvironmentService environments;
    private final EnvironmentRepository repository;
    private final AuditLog audit;
    private final AdministratorsEnvironment bootstrap;
    private final Hal hal;

    public EnvironmentsResource(
            ManagementAccess access,
            ApplicationsOfEnvironment authority,
            EnvironmentService environments,
            EnvironmentRepository repository,
            AuditLog audit,
            AdministratorsEnvironment bootstrap,
            Hal hal) {
        this.access = access;
        this.authority = authority;
        this.environments = environments;
        this.repository = repository;
        this.audit = audit;
        this.bootstrap = bootstrap;
        this.hal = hal;
    }

    /** What {@code filter} may name on the list (the attributes PingOne's environments data source uses). */
    static final Map<String, ListFilter.Attribute> FILTER = Map.of(
            "id", new ListFilter.Id("id"),
            "name", new ListFilter.Text("name"),
            "type", new ListFilter.Text("type"),
            "region", new ListFilter.Text("region"),
            "organization.id", new ListFilter.Constant(Organization.ID.toString()),
            "license.id", new ListFilter.Constant(Organization.LICENSE_ID.toString()));

    /**
     * The body of POST and PUT, as PingOne's SDK and Terraform send it. {@code region}, {@code type} and
     * {@code license} are PingOne's required fields; omitted, they take NA, SANDBOX and the one licence.
     * {@code organization} and {@code status} are read-only: accepted so that a GET body can be PUT back.
     */
    public record EnvironmentRequest(
            @NotNull @NotBlank @Size(max = 256) String name,
            @Size(max = 1024) String description,
            @Pattern(regexp = Environment.REGIONS, message = "must be one of NA, EU, AP, AU, CA, SG") String region,
            @Pattern(regexp = Environment.TYPES, message = "must be SANDBOX or PRODUCTION") String type,
            Reference license,
            @Valid BillOfMaterials billOfMaterials,
            Reference organization,
            String status) {}

    /** The body of {@code PUT /v1/environments/{envID}/type}. */
    public record TypeRequest(@NotNull @Pattern(regexp = Environment.TYPES, message = "must be SANDBOX or PRODUCTION") String type) {}

    /** An environment as the API shows it. */
    public record EnvironmentResponse(
            @com.fasterxml.jackson.annotation.JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            String name,
            String description,
            String region,
            String type,
            String status,
            Reference license,
            Reference organization,
            BillOfMaterials billOfMaterials,
            Instant createdAt,
            Instant updatedAt) {}

    /** {@code GET .../billOfMaterials}: the bill of materials with its links and times. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record BillOfMaterialsResponse(
            @com.fasterxml.jackson.annotation.JsonProperty("_links") Map<String, Hal.Link> links,
            String solutionType,
            List<BillOfMaterials.Product> products,
            Instant createdAt,
            Instant updatedAt) {}

    @POST
    @Transactional
    public Response create(@Valid @NotNull EnvironmentRequest body) {
        Caller caller = access.requireOrganization(Permission.CREATE_ENVIRONMENT);
        if (repository.nameTaken(body.name(), null)) {
            throw ApiError.uniqueness("name", "An environment with this name already exists");
        }
        requireLicence(body.license());
        Environment created = environments.create(null, new EnvironmentService.Settings(
                body.name(), body.description(), body.region(), body.type(), body.billOfMaterials()));
        audit.record(caller, created.id, "ENVIRONMENT", "CREATED", created.id, created.name);
        return hal.created("/environments/" + created.id, toResponse(created));
    }

    @GET
    @Transactional
    public Hal.ListBody<EnvironmentResponse> list(
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @QueryParam("filter") String filter) {
        Caller caller = access.caller();
        Paging paging = Paging.of(limit, cursor, filter);
        ListFilter.Where where = ListFilter.parse(filter, FILTER, 1);
        if (!caller.organizationWide()) {
            Set<UUID> visible = caller.roles().stream()
                    .map(Caller.Held::environmentId)
                    .filter(id -> id != null && caller.may(Permission.READ, id))
                    .collect(Collectors.toSet());
            if (visible.isEmpty()) {
                return hal.list("/environments", "environments", paging.page(List.<Environment>of(), 0, e -> e.id, this::toResponse), paging);
            }
            List<Object> params = new ArrayList<>(where.params());
            params.add(visible);
            where = new ListFilter.Where(where.jpql() + " and id in ?" + params.size(), params);
        }
        return hal.list("/environments", "environments", paging.fetch(repository, where, e -> e.id, this::toResponse), paging);
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
        Environment current = find(id);
        if (repository.nameTaken(body.name(), id)) {
            throw ApiError.uniqueness("name", "An environment with this name already exists");
        }
        requireLicence(body.license());
        if (body.region() != null && !body.region().equals(current.region)) {
            throw ApiError.invalidData("region", "The region is set when the environment is created and cannot be changed");
        }
        Environment updated = environments.update(id, new EnvironmentService.Settings(
                body.name(), body.description(), null, body.type(), body.billOfMaterials()));
        audit.record(caller, id, "ENVIRONMENT", "UPDATED", id, updated.name);
        return toResponse(updated);
    }

    /** PingOne's separate call for SANDBOX ⇄ PRODUCTION (Terraform's UpdateEnvironmentType). */
    @PUT
    @Path("/{envID}/type")
    @Transactional
    public EnvironmentResponse updateType(@PathParam("envID") String envId, @Valid @NotNull TypeRequest body) {
        UUID id = existing(envId, Permission.WRITE_ENVIRONMENT).id;
        Environment updated = environments.updateType(id, body.type());
        audit.record(access.caller(), id, "ENVIRONMENT", "UPDATED", id, "type " + body.type());
        return toResponse(updated);
    }

    @GET
    @Path("/{envID}/billOfMaterials")
    @Transactional
    public BillOfMaterialsResponse billOfMaterials(@PathParam("envID") String envId) {
        return toBillOfMaterialsResponse(existing(envId, Permission.READ));
    }

    @PUT
    @Path("/{envID}/billOfMaterials")
    @Transactional
    public BillOfMaterialsResponse updateBillOfMaterials(@PathParam("envID") String envId, @Valid @NotNull BillOfMaterials body) {
        UUID id = existing(envId, Permission.WRITE_ENVIRONMENT).id;
        Environment updated = environments.updateBillOfMaterials(id, body);
        audit.record(access.caller(), id, "ENVIRONMENT", "UPDATED", id, "bill of materials");
        return toBillOfMaterialsResponse(updated);
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

    /** The environment a path id names, once the caller is known to hold the permission in it. */
    private Environment existing(String envId, Permission permission) {
        UUID id = Ids.parse(envId, "environment " + envId);
        access.require(permission, id);
        return find(id);
    }

    private Environment find(UUID id) {
        return repository.findByIdOptional(id).orElseThrow(() -> ApiError.notFound("environment " + id));
    }

    /** A drop-in for PingOne accepts the one licence it lists (environment/Organization) and no other. */
    private static void requireLicence(Reference license) {
        if (license != null && !Organization.LICENSE_ID.equals(license.id())) {
            throw ApiError.invalidData("license.id", "must be the licence listed at /v1/organizations/"
                    + Organization.ID + "/licenses: " + Organization.LICENSE_ID);
        }
    }

    private EnvironmentResponse toResponse(Environment e) {
        return new EnvironmentResponse(hal.self("/environments/" + e.id), e.id, e.name, e.description, e.region, e.type,
                "ACTIVE", new Reference(Organization.LICENSE_ID), new Reference(Organization.ID), environments.billOfMaterials(e),
                e.createdAt, e.updatedAt);
    }

    private BillOfMaterialsResponse toBillOfMaterialsResponse(Environment e) {
        BillOfMaterials bom = environments.billOfMaterials(e);
        return new BillOfMaterialsResponse(hal.self("/environments/" + e.id + "/billOfMaterials"), bom.solutionType(),
                bom.products(), e.createdAt, e.billOfMaterialsUpdatedAt != null ? e.billOfMaterialsUpdatedAt : e.createdAt);
    }
}
