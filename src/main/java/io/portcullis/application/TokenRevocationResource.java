package io.portcullis.application;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.portcullis.audit.AuditLog;
import io.portcullis.management.Caller;
import io.portcullis.management.ManagementAccess;
import io.portcullis.management.Permission;
import io.portcullis.web.Hal;
import io.portcullis.web.Reference;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/environments/{envID}/applications/{appID}/tokenRevocation}: every access token
 * issued to the application so far becomes inactive (on secret or key compromise). Introspection
 * then answers {@code active: false} for them and token exchange refuses them as subject tokens.
 */
@Path("/v1/environments/{envID}/applications/{appID}/tokenRevocation")
@Produces(MediaType.APPLICATION_JSON)
public class TokenRevocationResource {

    private final ManagementAccess access;
    private final ApplicationAuthority authority;
    private final ApplicationService applications;
    private final AuditLog audit;
    private final Hal hal;

    public TokenRevocationResource(
            ManagementAccess access, ApplicationAuthority authority, ApplicationService applications, AuditLog audit, Hal hal) {
        this.access = access;
        this.authority = authority;
        this.applications = applications;
        this.audit = audit;
        this.hal = hal;
    }

    /** Tokens with an {@code iat} before {@code tokensNotBefore} are inactive. */
    public record TokenRevocationResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links, Reference application, Instant tokensNotBefore) {}

    @POST
    @Transactional
    public TokenRevocationResponse revokeAll(@PathParam("envID") String envId, @PathParam("appID") String appId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Application app = authority.actOn(caller, environmentId, appId);
        Instant notBefore = applications.invalidateTokensIssuedBefore(environmentId, app.id);
        audit.record(caller, environmentId, "APPLICATION", "TOKENS_REVOKED", app.id,
                app.name + ": tokens issued before " + notBefore + " are invalid");
        return new TokenRevocationResponse(
                hal.self(ApplicationsResource.path(environmentId, app.id) + "/tokenRevocation"),
                new Reference(app.id), notBefore);
    }
}
