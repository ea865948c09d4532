package io.portcullis.resource;

import io.portcullis.audit.AuditLog;
import io.portcullis.management.Caller;
import io.portcullis.management.ManagementAccess;
import io.portcullis.management.Permission;
import io.portcullis.web.Ids;
import io.portcullis.web.NoStore;
import io.portcullis.web.Reference;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * {@code /v1/environments/{envID}/resources/{resourceID}/secret}: the resource's own secret, with
 * which its resource server introspects tokens issued for it. GET reads it (READ_SECRETS), POST
 * replaces it with a new one (WRITE_CONFIGURATION); the old one stops working at once.
 */
@Path("/v1/environments/{envID}/resources/{resourceID}/secret")
@Produces(MediaType.APPLICATION_JSON)
public class ResourceSecretResource {

    private final ManagementAccess access;
    private final ResourceService service;
    private final ResourceRepository resources;
    private final AuditLog audit;

    public ResourceSecretResource(ManagementAccess access, ResourceService service, ResourceRepository resources, AuditLog audit) {
        this.access = access;
        this.service = service;
        this.resources = resources;
        this.audit = audit;
    }

    /** The secret in PingOne's shape (the SDK's ResourceSecret); never cached on the way ({@link NoStore}). */
    @NoStore
    public record SecretResponse(Reference environment, String secret) {}

    @GET
    @Transactional
    public SecretResponse get(@PathParam("envID") String envId, @PathParam("resourceID") String resourceId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ_SECRETS);
        Resource resource = find(environmentId, resourceId);
        return new SecretResponse(new Reference(environmentId), service.secret(environmentId, resource.id));
    }

    @POST
    @Transactional
    public SecretResponse rotate(@PathParam("envID") String envId, @PathParam("resourceID") String resourceId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Resource resource = find(environmentId, resourceId);
        String secret = service.rotateSecret(environmentId, resource.id);
        audit.record(caller, environmentId, "RESOURCE_SECRET", "ROTATED", resource.id, resource.name);
        return new SecretResponse(new Reference(environmentId), secret);
    }

    private Resource find(UUID environmentId, String rawId) {
        return Ids.find(rawId, "resource", id -> resources.findInEnvironment(environmentId, id));
    }
}
