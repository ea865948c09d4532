package io.portcullis.environment;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.portcullis.management.ManagementAccess;
import io.portcullis.web.ApiError;
import io.portcullis.web.Hal;
import io.portcullis.web.ListFilter;
import io.portcullis.web.Paging;
import io.portcullis.web.Reference;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/organizations}: the one organization and its one licence ({@link Organization}), read
 * by PingOne's clients before they create environments. Any authenticated management caller may
 * read them; nothing here is writable.
 */
@Path("/v1/organizations")
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationsResource {

    /** What {@code filter} may name on the licence list (the attributes of Terraform's licenses data source). */
    static final Map<String, ListFilter.Attribute> LICENCE_FILTER = Map.of(
            "id", new ListFilter.Constant(Organization.LICENSE_ID.toString()),
            "name", new ListFilter.Constant(Organization.LICENSE_NAME),
            "package", new ListFilter.Constant(Organization.LICENSE_PACKAGE),
            "status", new ListFilter.Constant(Organization.LICENSE_STATUS));

    private final ManagementAccess access;
    private final EnvironmentRepository environments;
    private final Hal hal;

    public OrganizationsResource(ManagementAccess access, EnvironmentRepository environments, Hal hal) {
        this.access = access;
        this.environments = environments;
        this.hal = hal;
    }

    /** The organization as PingOne's SDK reads it. */
    public record OrganizationResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links, String id, String name, String type) {}

    /** The licence as PingOne's SDK reads it. */
    public record LicenseResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            String id,
            String name,
            @JsonProperty("package") String licensePackage,
            String status,
            Reference organization,
            Instant beginsAt,
            long assignedEnvironmentsCount) {}

    @GET
    public Hal.ListBody<OrganizationResponse> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        access.caller();
        Paging paging = Paging.of(limit, cursor);
        return hal.list("/organizations", "organizations", new Paging.Page<>(List.of(organization()), 1, null), paging);
    }

    @GET
    @Path("/{orgID}")
    public OrganizationResponse get(@PathParam("orgID") String orgId) {
        access.caller();
        requireOrganization(orgId);
        return organization();
    }

    @GET
    @Path("/{orgID}/licenses")
    @Transactional
    public Hal.ListBody<LicenseResponse> licences(@PathParam("orgID") String orgId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @QueryParam("filter") String filter) {
        access.caller();
        requireOrganization(orgId);
        Paging paging = Paging.of(limit, cursor, filter);
        List<LicenseResponse> items = ListFilter.matches(filter, LICENCE_FILTER) ? List.of(licence()) : List.of();
        return hal.list("/organizations/" + Organization.ID + "/licenses", "licenses",
                new Paging.Page<>(items, items.size(), null), paging);
    }

    @GET
    @Path("/{orgID}/licenses/{licenseID}")
    @Transactional
    public LicenseResponse licence(@PathParam("orgID") String orgId, @PathParam("licenseID") String licenceId) {
        access.caller();
        requireOrganization(orgId);
        if (!Organization.LICENSE_ID.toString().equals(licenceId)) {
            throw ApiError.notFound("license " + ApiError.printable(licenceId));
        }
        return licence();
    }

    private static void requireOrganization(String orgId) {
        if (!Organization.ID.toString().equals(orgId)) {
            throw ApiError.notFound("organization " + ApiError.printable(orgId));
        }
    }

    private OrganizationResponse organization() {
        return new OrganizationResponse(hal.self("/organizations/" + Organization.ID), Organization.ID.toString(),
                Organization.NAME, Organization.TYPE);
    }

    private LicenseResponse licence() {
        return new LicenseResponse(hal.self("/organizations/" + Organization.ID + "/licenses/" + Organization.LICENSE_ID),
                Organization.LICENSE_ID.toString(), Organization.LICENSE_NAME, Organization.LICENSE_PACKAGE,
                Organization.LICENSE_STATUS, new Reference(Organization.ID), Organization.LICENSE_BEGINS_AT, environments.count());
    }
}
