package io.portcullis.application;

import java.net.URISyntaxException;
import java.util.Locale;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.web.StrictJson;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.HashSet;
import io.portcullis.audit.AuditLog;
import io.portcullis.clientauth.AssertionKeyLimits;
import io.portcullis.clientauth.JwksUrlPolicy;
import io.portcullis.management.Caller;
import io.portcullis.management.ManagementAccess;
import io.portcullis.management.Permission;
import io.portcullis.web.ApiError;
import io.portcullis.web.Hal;
import io.portcullis.web.Ids;
import io.portcullis.web.JsonErrorMapper;
import io.portcullis.web.Paging;
import io.portcullis.web.Reference;
import jakarta.transaction.Transactional;
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
import jakarta.ws.rs.WebApplicationException;
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

    /** Settings of an application stored before they existed: every one PingOne's default. */
    private static final ApplicationSettings NO_SETTINGS = new ApplicationSettings(null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /** The methods a client_credentials application can use today. */
    static final Set<TokenEndpointAuthMethod> SUPPORTED_METHODS = EnumSet.of(
            TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, TokenEndpointAuthMethod.CLIENT_SECRET_POST,
            TokenEndpointAuthMethod.CLIENT_SECRET_JWT, TokenEndpointAuthMethod.PRIVATE_KEY_JWT);

    private final ManagementAccess access;
    private final ApplicationAuthority authority;
    private final ApplicationService applications;
    private final ApplicationRepository repository;
    private final AuditLog audit;
    private final Hal hal;
    private final JwksUrlPolicy jwksUrls;
    private final ObjectMapper json;
    private final Validator validator;
    private final Set<String> fields;
    private final KeyRotationPolicyService signingPolicies;

    public ApplicationsResource(
            ManagementAccess access,
            ApplicationAuthority authority,
            ApplicationService applications,
            ApplicationRepository repository,
            AuditLog audit,
            Hal hal,
            JwksUrlPolicy jwksUrls,
            ObjectMapper json,
            Validator validator,
            KeyRotationPolicyService signingPolicies) {
        this.signingPolicies = signingPolicies;
        this.access = access;
        this.authority = authority;
        this.applications = applications;
        this.repository = repository;
        this.audit = audit;
        this.hal = hal;
        this.jwksUrls = jwksUrls;
        this.json = json;
        this.validator = validator;
        this.fields = fieldsOf(json);
    }

    /** Every field a body may have: the request's, its settings', and the read-only ones of a read-back. */
    private static Set<String> fieldsOf(ObjectMapper json) {
        Set<String> fields = new HashSet<>(StrictJson.READ_ONLY_FIELDS);
        fields.add("tokensNotBefore");
        for (Class<?> type : List.of(ApplicationRequest.class, ApplicationSettings.class)) {
            json.getDeserializationConfig().introspect(json.constructType(type)).findProperties()
                    .forEach(p -> fields.add(p.getName()));
        }
        fields.remove("settings");
        return Set.copyOf(fields);
    }

    /**
     * The body of POST and PUT. {@code enabled} defaults to false when omitted, as in PingOne;
     * {@code protocol} to OPENID_CONNECT. {@code jwks} (a JWKS, as a JSON object or as a string holding
     * one, as PingOne sends it) or {@code jwksUrl} (https) carry the client's keys for PRIVATE_KEY_JWT.
     * {@code assignActorRoles} is accepted and has no effect: roles are never copied from the caller.
     * The read-only fields of a read-back ({@code id}, {@code environment}, {@code tokensNotBefore},
     * ...) are ignored, so that a GET body can be PUT back.
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
            Boolean assignActorRoles,
            @Valid ApplicationSigning signing,
            @JsonUnwrapped ApplicationSettings settings) {}

    /**
     * The fields of PingOne's OIDC application model that govern behaviour Portcullis does not have
     * (browser flows, PKCE, refresh tokens, PAR, the device flow, the application portal, mobile
     * and Kerberos settings): validated as PingOne does, stored and echoed, and without effect.
     * What was not sent reads back as PingOne's default.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApplicationSettings(
            Boolean hiddenFromAppPortal,
            @Pattern(regexp = "OPTIONAL|REQUIRED|S256_REQUIRED", message = "must be OPTIONAL, REQUIRED or S256_REQUIRED")
            String pkceEnforcement,
            @Min(60) Integer refreshTokenDuration,
            @Min(60) Integer refreshTokenRollingDuration,
            @Min(0) @Max(86400) Integer refreshTokenRollingGracePeriodDuration,
            Boolean additionalRefreshTokenReplayProtectionEnabled,
            @Pattern(regexp = "OPTIONAL|REQUIRED", message = "must be OPTIONAL or REQUIRED") String parRequirement,
            @Min(1) @Max(600) Integer parTimeout,
            @Min(1) @Max(3600) Integer deviceTimeout,
            @Min(1) @Max(60) Integer devicePollingInterval,
            @Pattern(regexp = "[a-zA-Z0-9_-]{1,50}", message = "must be 1 to 50 of a-z A-Z 0-9 _ -") String devicePathId,
            @Size(max = MAX_URL) String deviceCustomVerificationUri,
            Boolean opSessionCheckEnabled,
            Boolean requestScopesForMultipleResourcesEnabled,
            Boolean allowWildcardInRedirectUris,
            Boolean requireSignedRequestObject,
            Boolean supportUnsignedRequestObject,
            @Size(max = MAX_URL) String homePageUrl,
            @Size(max = MAX_URL) String loginPageUrl,
            @Size(max = MAX_URL) String initiateLoginUri,
            @Size(max = MAX_URL) String targetLinkUri,
            @Size(max = MAX_URIS) List<@NotNull @Size(max = MAX_URL) String> redirectUris,
            @Size(max = MAX_URIS) List<@NotNull @Size(max = MAX_URL) String> postLogoutRedirectUris,
            @Size(max = 3) List<@NotNull @Pattern(regexp = "CODE|TOKEN|ID_TOKEN", message = "must be CODE, TOKEN or ID_TOKEN") String> responseTypes,
            @Size(max = 1) List<@NotNull @Pattern(regexp = "PING_FED_CONNECTION_INTEGRATION",
                    message = "must be PING_FED_CONNECTION_INTEGRATION") String> tags,
            @Size(max = 256) String bundleId,
            @Size(max = 256) String packageName,
            JsonNode accessControl,
            JsonNode icon,
            JsonNode corsSettings,
            JsonNode mobile,
            JsonNode kerberos) {

        static final int MAX_URL = 2048;
        static final int MAX_URIS = 100;
        static final int MAX_JSON_CHARS = 32 * 1024;

        /** These settings with PingOne's default wherever nothing was sent. */
        ApplicationSettings withDefaults() {
            return new ApplicationSettings(or(hiddenFromAppPortal, false), or(pkceEnforcement, "OPTIONAL"),
                    or(refreshTokenDuration, 2_592_000), or(refreshTokenRollingDuration, 15_552_000),
                    refreshTokenRollingGracePeriodDuration, or(additionalRefreshTokenReplayProtectionEnabled, true),
                    or(parRequirement, "OPTIONAL"), or(parTimeout, 60), or(deviceTimeout, 600), or(devicePollingInterval, 5),
                    devicePathId, deviceCustomVerificationUri, or(opSessionCheckEnabled, false),
                    or(requestScopesForMultipleResourcesEnabled, false), or(allowWildcardInRedirectUris, false),
                    or(requireSignedRequestObject, false), or(supportUnsignedRequestObject, false), homePageUrl, loginPageUrl,
                    initiateLoginUri, targetLinkUri, redirectUris, postLogoutRedirectUris, responseTypes, tags, bundleId,
                    packageName, accessControl, icon, corsSettings, mobile, kerberos);
        }

        /** The nested objects must be JSON objects (their content is PingOne's and kept as sent). */
        void checkObjects() {
            Map<String, JsonNode> objects = new java.util.LinkedHashMap<>();
            objects.put("accessControl", accessControl);
            objects.put("icon", icon);
            objects.put("corsSettings", corsSettings);
            objects.put("mobile", mobile);
            objects.put("kerberos", kerberos);
            objects.forEach((name, value) -> {
                if (value != null && !value.isNull() && !value.isObject()) {
                    throw ApiError.invalidData(name, "must be an object");
                }
            });
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }

    /** An application as the API shows it (never its secret). */
    public record ApplicationResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            Reference environment,
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
            @JsonInclude(JsonInclude.Include.NON_NULL) ApplicationSigning signing,
            @JsonUnwrapped ApplicationSettings settings) {}

    @POST
    @Transactional
    public Response create(@PathParam("envID") String envId, @NotNull JsonNode raw) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Caller caller = access.caller();
        ApplicationRequest body = read(raw);
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
            @NotNull JsonNode raw) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_CONFIGURATION);
        Application app = authority.actOn(access.caller(), environmentId, appId);
        // RFC 9110 §13.1.1: with If-Match, a PUT based on an older read is refused instead of
        // silently undoing the change made since (two administrators editing one application).
        if (ifMatch != null && !ifMatch.strip().equals("*") && !ifMatch.strip().equals(entityTag(app).toString())) {
            throw ApiError.preconditionFailed(
                    "The application was changed since it was read (If-Match does not match its ETag); read it again");
        }
        ApplicationRequest body = read(raw);
        ApplicationService.NewApplication spec = spec(body);
        if (app.enabled && !spec.enabled()) {
            authority.keepOrganizationAdminWithoutApplication(app.id);
        }
        Application updated = applications.update(environmentId, app.id, spec);
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
        Application app = authority.actOn(caller, environmentId, appId);
        if (app.id.equals(caller.clientId())) {
            throw ApiError.invalidRequest("An application cannot delete itself");
        }
        authority.keepOrganizationAdminWithoutApplication(app.id);
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

    /**
     * The body as an {@link ApplicationRequest}: a field of neither the request nor its settings
     * (nor a read-only one) is refused as StrictJson refuses it elsewhere, which Jackson cannot do
     * for the unwrapped settings; then Bean Validation, with targets named as in the body.
     */
    private ApplicationRequest read(JsonNode raw) {
        if (!raw.isObject()) {
            throw ApiError.invalidData("body", "The request body must be a JSON object");
        }
        raw.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw ApiError.invalidData(ApiError.printable(name), "is not a field of this object");
            }
        });
        ApplicationRequest body;
        try {
            body = json.treeToValue(raw, ApplicationRequest.class);
        } catch (JsonProcessingException e) {
            throw new WebApplicationException(new JsonErrorMapper().toResponse(e)); // the answer any other body gets
        }
        Set<ConstraintViolation<?>> violations = new HashSet<>(validator.validate(body));
        violations.addAll(validator.validate(body.settings()));
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        body.settings().checkObjects();
        return body;
    }

    private ApplicationService.NewApplication spec(ApplicationRequest body) {
        if (!SUPPORTED_METHODS.contains(body.tokenEndpointAuthMethod())) {
            throw ApiError.invalidData("tokenEndpointAuthMethod",
                    "must be one of CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, CLIENT_SECRET_JWT, PRIVATE_KEY_JWT");
        }
        String jwks = jwksText(body.jwks());
        String jwksUrl = body.jwksUrl() == null || body.jwksUrl().isBlank() ? null : body.jwksUrl().strip();
        ClientKeys.check(body.tokenEndpointAuthMethod(), jwks, jwksUrl);
        if (jwksUrl != null) {
            // Server-side request forgery: no loopback, private or literal-IP host unless the operator allows it.
            jwksUrls.refusal(URI.create(jwksUrl)).ifPresent(problem -> {
                throw ApiError.invalidData("jwksUrl", problem);
            });
        }
        String settings;
        try {
            settings = json.writeValueAsString(body.settings().withDefaults());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write application settings", e);
        }
        if (settings.length() > ApplicationSettings.MAX_JSON_CHARS) {
            throw ApiError.invalidData("body", "The application's settings must be at most "
                    + ApplicationSettings.MAX_JSON_CHARS + " characters of JSON");
        }
        // PingOne: "If a value is not specified for the enabled attribute, it is set to false by default."
        return new ApplicationService.NewApplication(null, body.name(), body.description(), body.type(),
                EnumSet.copyOf(body.grantTypes()), body.tokenEndpointAuthMethod(), Boolean.TRUE.equals(body.enabled()),
                jwks, jwksUrl, settings);
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
        return new ApplicationResponse(hal.self(path(a.environmentId, a.id)), a.id, new Reference(a.environmentId), a.name,
                a.description, a.enabled, a.protocol, a.type, a.grantTypes.stream().sorted().toList(),
                a.tokenEndpointAuthMethod, a.jwks, a.jwksUrl, a.tokensNotBefore, a.createdAt, a.updatedAt,
                signingPolicies.policyOf(a.id).map(ApplicationSigning::of).orElse(null), settingsOf(a));
    }

    /** The stored settings; an application stored before they existed reads back PingOne's defaults. */
    private ApplicationSettings settingsOf(Application a) {
        if (a.settings == null) {
            return NO_SETTINGS.withDefaults();
        }
        try {
            return json.readValue(a.settings, ApplicationSettings.class).withDefaults();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings of application " + a.id + " are not readable", e);
        }
    }

    /**
     * Validates the client keys of a {@code PRIVATE_KEY_JWT} application (RFC 7523 §2.2): exactly one
     * of an inline JWKS (RFC 7517 §5) of public signing keys, or an https URL serving one.
     */
    static final class ClientKeys {

        static final int MAX_JWKS_CHARS = 16 * 1024;
        static final int MAX_KEYS = 10;
        static final int MAX_URL_CHARS = 2048;

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
                AssertionKeyLimits.refusal(key).ifPresent(problem -> {
                    throw ApiError.invalidData("jwks", problem);
                });
            }
        }
    }
}
