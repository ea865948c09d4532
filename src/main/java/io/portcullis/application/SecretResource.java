package io.portcullis.application;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.audit.AuditLog;
import io.portcullis.management.Caller;
import io.portcullis.management.ManagementAccess;
import io.portcullis.management.Permission;
import io.portcullis.web.ApiError;
import io.portcullis.web.Hal;
import io.portcullis.web.NoStore;
import io.portcullis.web.Reference;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /v1/environments/{envID}/applications/{appID}/secret}: read the secret, rotate it with an
 * optional grace period for the previous one, and drop the previous one early.
 */
@Path("/v1/environments/{envID}/applications/{appID}/secret")
@Produces(MediaType.APPLICATION_JSON)
public class SecretResource {

    static final Duration MIN_GRACE = Duration.ofMinutes(1);
    static final Duration MAX_GRACE = Duration.ofDays(30);

    private final ManagementAccess access;
    private final ApplicationAuthority authority;
    private final ApplicationService applications;
    private final ApplicationSecretRepository secrets;
    private final AuditLog audit;
    private final Hal hal;
    private final ObjectMapper json;
    private final Clock clock;

    public SecretResource(
            ManagementAccess access,
            ApplicationAuthority authority,
            ApplicationService applications,
            ApplicationSecretRepository secrets,
            AuditLog audit,
            Hal hal,
            ObjectMapper json,
            Clock clock) {
        this.access = access;
        this.authority = authority;
        this.applications = applications;
        this.secrets = secrets;
        this.audit = audit;
        this.hal = hal;
        this.json = json;
        this.clock = clock;
    }

    /** The previous secret while it is still valid. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Previous(String secret, Instant expiresAt, Instant lastUsed) {}

    /**
     * The secret as PingOne shows it, with its environment (Terraform's pingone_application_secret
     * reads it); never cached on the way ({@link NoStore}).
     */
    @NoStore
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links, Reference environment, String secret, Instant lastUsed,
            Previous previous) {}

    @GET
    @Transactional
    public SecretResponse get(@PathParam("envID") String envId, @PathParam("appID") String appId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ_SECRETS);
        Application app = authority.actOn(access.caller(), environmentId, appId);
        audit.record(access.caller(), environmentId, "SECRET", "READ", app.id, "secret read in clear");
        return response(app);
    }

    /** Rotates; body {@code {"previous": {"expiresAt": "..."}}} keeps the old secret valid until then. */
    @POST
    @Transactional
    public SecretResponse rotate(@PathParam("envID") String envId, @PathParam("appID") String appId, String body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Application app = authority.actOn(caller, environmentId, appId);
        Instant previousExpiresAt = previousExpiry(body);
        applications.rotateSecret(environmentId, app.id, previousExpiresAt);
        audit.record(caller, environmentId, "SECRET", "ROTATED", app.id,
                previousExpiresAt == null ? "previous secret revoked" : "previous secret valid until " + previousExpiresAt);
        return response(app);
    }

    @DELETE
    @Transactional
    public Response dropPrevious(@PathParam("envID") String envId, @PathParam("appID") String appId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Application app = authority.actOn(caller, environmentId, appId);
        applications.dropPreviousSecrets(environmentId, app.id);
        audit.record(caller, environmentId, "SECRET", "PREVIOUS_DELETED", app.id, null);
        return Response.noContent().build();
    }

    private SecretResponse response(Application app) {
        ApplicationSecret current = secrets.current(app.id).orElseThrow(() -> ApiError.notFound("secret of application " + app.id));
        List<ApplicationSecret> previous = applications.previousSecrets(app.id);
        Previous shownPrevious = previous.isEmpty() ? null : new Previous(
                applications.reveal(previous.get(0)), previous.get(0).expiresAt, previous.get(0).lastUsedAt);
        return new SecretResponse(hal.self(ApplicationsResource.path(app.environmentId, app.id) + "/secret"),
                new Reference(app.environmentId), applications.reveal(current), current.lastUsedAt, shownPrevious);
    }

    private Instant previousExpiry(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw ApiError.invalidData("body", "The request body is not valid JSON");
        }
        if (!root.isObject()) {
            throw ApiError.invalidData("body", "The request body must be a JSON object");
        }
        onlyFields(root, "", "previous");
        JsonNode previous = root.path("previous");
        if (previous.isMissingNode() || previous.isNull()) {
            return null;
        }
        if (!previous.isObject()) {
            throw ApiError.invalidData("previous", "must be an object such as {\"expiresAt\": \"2030-01-01T00:00:00Z\"}");
        }
        onlyFields(previous, "previous.", "expiresAt");
        JsonNode expiresAt = previous.path("expiresAt");
        if (expiresAt.isMissingNode() || expiresAt.isNull()) {
            return null;
        }
        if (!expiresAt.isTextual()) {
            throw ApiError.invalidData("previous.expiresAt", "must be an ISO-8601 instant such as 2030-01-01T00:00:00Z");
        }
        Instant at;
        try {
            at = Instant.parse(expiresAt.asText());
        } catch (DateTimeParseException e) {
            throw ApiError.invalidData("previous.expiresAt", "must be an ISO-8601 instant such as 2030-01-01T00:00:00Z");
        }
        Instant now = clock.instant();
        if (at.isBefore(now.plus(MIN_GRACE)) || at.isAfter(now.plus(MAX_GRACE))) {
            throw ApiError.invalidData("previous.expiresAt", "must be between 1 minute and 30 days from now");
        }
        return at;
    }

    /** Unknown fields are refused, as in every other management body (StrictJson). */
    private static void onlyFields(JsonNode object, String prefix, String allowed) {
        object.fieldNames().forEachRemaining(name -> {
            if (!name.equals(allowed)) {
                throw ApiError.invalidData(prefix + ApiError.printable(name), "is not a field of this request");
            }
        });
    }
}
