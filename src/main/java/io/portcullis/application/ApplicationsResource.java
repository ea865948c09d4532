package io.portcullis.application;

import java.net.URISyntaxException;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.portcullis.admin.ApiError;
import io.portcullis.admin.AuditLog;
import io.portcullis.admin.Caller;
import io.portcullis.admin.Hal;
import io.portcullis.admin.Ids;
import io.portcullis.admin.ManagementAccess;
import io.portcullis.admin.Paging;
import io.portcullis.admin.Permission;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.portcullis.signing.ApplicationSigning;
import io.portcullis.signing.KeyRotationPolicyService;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /v1/environments/{envID}/applications}: OAuth clients of an environment. */
@Path("/v1/environments/{envID}/applications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    /** The methods a client_credentials application can use today. */
    static final Set<TokenEndpointAuthMethod> SUPPORTED_METHODS = EnumSet.of(
            TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, TokenEndpointAuthMethod.CLIENT_SECRET_POST,
            TokenEndpointAuthMethod.CLIENT_SECRET_JWT, TokenEndpointAuthMethod.PRIVATE_KEY_JWT);

    private final ManagementAccess access;
    private final ApplicationService applications;
    private final ApplicationRepository repository;
    private final AuditLog audit;
    private final Hal hal;
    private final KeyRotationPolicyService signingPolicies;

    public ApplicationsResource(
            ManagementAccess access,
            ApplicationService applications,
            ApplicationRepository repository,
            AuditLog audit,
            Hal hal,
            KeyRotationPolicyService signingPolicies) {
        this.signingPolicies = signingPolicies;
        this.access = access;
        this.applications = applications;
        this.repository = repository;
        this.audit = audit;
        this.hal = hal;
    }

    /**
     * The body of POST and PUT; {@code enabled} defaults to true, {@code protocol} to OPENID_CONNECT.
     * {@code jwks} (a JWKS, as a JSON object or as a string holding one, as PingOne sends it) or
     * {@code jwksUrl} (https) carry the client's keys for PRIVATE_KEY_JWT.
     */
    public record ApplicationRequest(
            @NotBlank @Size(max = 256) String name,
            @Size(max = 1024) String description,
            Boolean enabled,
            @Pattern(regexp = "OPENID_CONNECT", message = "must be OPENID_CONNECT") String protocol,
            @NotNull ApplicationType type,
            @NotEmpty @Size(max = 8) List<@NotNull GrantType> grantTypes,
            @NotNull TokenEndpointAuthMethod tokenEndpointAuthMethod,
            JsonNode jwks,
            String jwksUrl,
            @Valid ApplicationSigning signing) {}

    /** A reference to another object by id, as PingOne nests them. */
    public record Ref(UUID id) {}

    /** An application as the API shows it (never its secret). */
    public record ApplicationResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            Ref environment,
            String name,
            String description,
            boolean enabled,
            String protocol,
            ApplicationType type,
            List<GrantType> grantTypes,
            TokenEndpointAuthMethod tokenEndpointAuthMethod,
            @JsonInclude(JsonInclude.Include.NON_NULL) String jwks,
            @JsonInclude(JsonInclude.Include.NON_NULL) String jwksUrl,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant tokensNotBefore,
            Instant createdAt,
            Instant updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) ApplicationSigning signing) {}

    @POST
    @Transactional
    public Response create(@PathParam("envID") String envId, @Valid @NotNull ApplicationRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Application created = applications.create(environmentId, spec(body), null);
        if (body.signing() != null) { // without: the environment's default key rotation policy
            useSigningPolicy(environmentId, created.id, body.signing());
        }
        audit.record(caller, environmentId, "APPLICATION", "CREATED", created.id, created.name);
        return hal.created(path(environmentId, created.id), toResponse(created));
    }

    @GET
    @Transactional
    public Hal.ListBody<ApplicationResponse> list(
            @PathParam("envID") String envId, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        Paging paging = Paging.of(limit, cursor);
        return hal.list("/environments/" + environmentId + "/applications", "applications",
                paging.fetch(repository, "environmentId", environmentId, a -> a.id, this::toResponse), paging);
    }

    @GET
    @Path("/{appID}")
    @Transactional
    public Response get(@PathParam("envID") String envId, @PathParam("appID") String appId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        Application app = find(environmentId, appId);
        return Response.ok(toResponse(app)).tag(entityTag(app)).build();
    }

    @PUT
    @Path("/{appID}")
    @Transactional
    public Response update(
            @PathParam("envID") String envId,
            @PathParam("appID") String appId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ApplicationRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Application app = find(environmentId, appId);
        // RFC 9110 §13.1.1: with If-Match, a PUT based on an older read is refused instead of
        // silently undoing the change made since (two administrators editing one application).
        if (ifMatch != null && !ifMatch.strip().equals("*") && !ifMatch.strip().equals(entityTag(app).toString())) {
            throw ApiError.preconditionFailed(
                    "The application was changed since it was read (If-Match does not match its ETag); read it again");
        }
        Application updated = applications.update(environmentId, app.id, spec(body));
        useSigningPolicy(environmentId, app.id, body.signing()); // PingOne: without signing, the default key signs
        repository.flush(); // the version check happens here, and the new ETag is known
        audit.record(access.caller(), environmentId, "APPLICATION", "UPDATED", app.id, updated.name);
        return Response.ok(toResponse(updated)).tag(entityTag(updated)).build();
    }

    @DELETE
    @Path("/{appID}")
    @Transactional
    public Response delete(@PathParam("envID") String envId, @PathParam("appID") String appId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        Application app = find(environmentId, appId);
        if (app.id.equals(caller.clientId())) {
            throw ApiError.invalidRequest("An application cannot delete itself");
        }
        applications.delete(environmentId, app.id);
        audit.record(caller, environmentId, "APPLICATION", "DELETED", app.id, app.name);
        return Response.noContent().build();
    }

    private void useSigningPolicy(UUID environmentId, UUID applicationId, ApplicationSigning signing) {
        if (!signingPolicies.assign(environmentId, applicationId, signing == null ? null : signing.keyRotationPolicy().id())) {
            throw ApiError.invalidData("signing.keyRotationPolicy.id", "is not a key rotation policy of the environment");
        }
    }

    private Application find(UUID environmentId, String appId) {
        return Ids.find(appId, "application", id -> repository.findInEnvironment(environmentId, id));
    }

    private static ApplicationService.NewApplication spec(ApplicationRequest body) {
        if (!SUPPORTED_METHODS.contains(body.tokenEndpointAuthMethod())) {
            throw ApiError.invalidData("tokenEndpointAuthMethod",
                    "must be one of CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, CLIENT_SECRET_JWT, PRIVATE_KEY_JWT");
        }
        String jwks = jwksText(body.jwks());
        String jwksUrl = body.jwksUrl() == null || body.jwksUrl().isBlank() ? null : body.jwksUrl().strip();
        ClientKeys.check(body.tokenEndpointAuthMethod(), jwks, jwksUrl);
        return new ApplicationService.NewApplication(null, body.name(), body.description(), body.type(),
                EnumSet.copyOf(body.grantTypes()), body.tokenEndpointAuthMethod(), body.enabled() == null || body.enabled(),
                jwks, jwksUrl);
    }

    /** The JWKS as JSON text: PingOne sends it as a string, a JWKS object is taken as well. */
    private static String jwksText(JsonNode jwks) {
        if (jwks == null || jwks.isNull()) {
            return null;
        }
        if (jwks.isTextual()) {
            return jwks.asText().isBlank() ? null : jwks.asText();
        }
        if (jwks.isObject()) {
            return jwks.toString();
        }
        throw ApiError.invalidData("jwks", "must be a JSON Web Key Set, as an object or a string");
    }

    /** A strong entity tag: the row version, which every change of the application increments. */
    private static EntityTag entityTag(Application app) {
        return new EntityTag(Long.toString(app.version));
    }

    static String path(UUID environmentId, UUID applicationId) {
        return "/environments/" + environmentId + "/applications/" + applicationId;
    }

    private ApplicationResponse toResponse(Application a) {
        return new ApplicationResponse(hal.self(path(a.environmentId, a.id)), a.id, new Ref(a.environmentId), a.name,
                a.description, a.enabled, a.protocol, a.type, a.grantTypes.stream().sorted().toList(),
                a.tokenEndpointAuthMethod, a.jwks, a.jwksUrl, a.tokensNotBefore, a.createdAt, a.updatedAt,
                signingPolicies.policyOf(a.id).map(ApplicationSigning::of).orElse(null));
    }

    /**
     * Validates the client keys of a {@code PRIVATE_KEY_JWT} application (RFC 7523 §2.2): exactly one
     * of an inline JWKS (RFC 7517 §5) of public signing keys, or an https URL serving one.
     */
    static final class ClientKeys {

        static final int MAX_JWKS_CHARS = 16 * 1024;
        static final int MAX_KEYS = 10;
        static final int MAX_URL_CHARS = 2048;
        static final int MIN_RSA_BITS = 2048;

        private ClientKeys() {}

        /** Checks the pair against the method; returns normally when they fit, else INVALID_DATA naming the field. */
        static void check(TokenEndpointAuthMethod method, String jwks, String jwksUrl) {
            if (method != TokenEndpointAuthMethod.PRIVATE_KEY_JWT) {
                if (jwks != null || jwksUrl != null) {
                    throw ApiError.invalidData(jwks != null ? "jwks" : "jwksUrl",
                            "is only used with tokenEndpointAuthMethod PRIVATE_KEY_JWT");
                }
                return;
            }
            if ((jwks == null) == (jwksUrl == null)) {
                throw ApiError.invalidData("jwks", "PRIVATE_KEY_JWT needs exactly one of jwks and jwksUrl");
            }
            if (jwks != null) {
                checkJwks(jwks);
            } else {
                checkUrl(jwksUrl);
            }
        }

        static void checkUrl(String jwksUrl) {
            if (jwksUrl.length() > MAX_URL_CHARS) {
                throw ApiError.invalidData("jwksUrl", "must be at most " + MAX_URL_CHARS + " characters");
            }
            URI uri;
            try {
                uri = new URI(jwksUrl);
            } catch (URISyntaxException e) {
                throw ApiError.invalidData("jwksUrl", "must be an absolute https URL");
            }
            if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw ApiError.invalidData("jwksUrl", "must be an absolute https URL without user info or fragment");
            }
        }

        static void checkJwks(String jwks) {
            if (jwks.length() > MAX_JWKS_CHARS) {
                throw ApiError.invalidData("jwks", "must be at most " + MAX_JWKS_CHARS + " characters");
            }
            List<JsonWebKey> keys;
            try {
                keys = new JsonWebKeySet(jwks).getJsonWebKeys();
            } catch (JoseException | RuntimeException e) {
                throw ApiError.invalidData("jwks", "must be a JSON Web Key Set: {\"keys\": [...]}");
            }
            if (keys.isEmpty() || keys.size() > MAX_KEYS) {
                throw ApiError.invalidData("jwks", "must hold 1 to " + MAX_KEYS + " keys");
            }
            for (JsonWebKey key : keys) {
                if (!(key instanceof RsaJsonWebKey) && !(key instanceof EllipticCurveJsonWebKey)) {
                    throw ApiError.invalidData("jwks", "keys must be RSA or EC public keys");
                }
                if (((PublicJsonWebKey) key).getPrivateKey() != null) {
                    // A private key has no business on the server: refuse it rather than store it.
                    throw ApiError.invalidData("jwks", "must hold public keys only (a key has private parameters)");
                }
                if (key.getUse() != null && !"sig".equals(key.getUse())) {
                    throw ApiError.invalidData("jwks", "keys must be signing keys (use \"sig\")");
                }
                if (key instanceof RsaJsonWebKey rsa
                        && ((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength() < MIN_RSA_BITS) {
                    throw ApiError.invalidData("jwks", "RSA keys must be at least " + MIN_RSA_BITS + " bits");
                }
            }
        }
    }
}
