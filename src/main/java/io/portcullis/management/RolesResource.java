package io.portcullis.management;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.portcullis.web.Hal;
import io.portcullis.web.Ids;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /v1/roles} and {@code GET /v1/roles/{roleID}}: the management roles with their stable
 * ids, PingOne's names and permissions, so that PingOne clients can assign a role by id. Any
 * authenticated caller may read them, as in PingOne.
 */
@Path("/v1/roles")
@Produces(MediaType.APPLICATION_JSON)
public class RolesResource {

    private final ManagementAccess access;
    private final Hal hal;

    public RolesResource(ManagementAccess access, Hal hal) {
        this.access = access;
        this.hal = hal;
    }

    /** One permission of a role, as PingOne lists them. */
    public record PermissionResponse(String classifier, String description) {}

    /** A role as PingOne shows it. */
    public record RoleResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            String name,
            String description,
            List<String> applicableTo,
            List<PermissionResponse> permissions) {}

    @GET
    public Hal.ListBody<RoleResponse> list() {
        access.caller();
        List<RoleResponse> roles = Arrays.stream(ManagementRole.values()).map(this::toResponse).toList();
        return new Hal.ListBody<>(hal.self("/roles"), Map.of("roles", roles), roles.size(), roles.size());
    }

    @GET
    @Path("/{roleID}")
    public RoleResponse get(@PathParam("roleID") String roleId) {
        access.caller();
        return toResponse(Ids.find(roleId, "role", ManagementRole::byId));
    }

    private RoleResponse toResponse(ManagementRole role) {
        return new RoleResponse(hal.self("/roles/" + role.id()), role.id(), role.displayName(), role.description(),
                role.applicableTo(), role.permissions().stream()
                        .map(p -> new PermissionResponse(p.classifier(), p.description())).toList());
    }
}
