package io.portcullis.signing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.portcullis.audit.AuditLog;
import io.portcullis.management.Caller;
import io.portcullis.management.ManagementAccess;
import io.portcullis.management.Permission;
import io.portcullis.web.ApiError;
import io.portcullis.web.Hal;
import io.portcullis.web.Ids;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /v1/environments/{envID}/keyRotationPolicies}: PingOne's key rotation policies. Each
 * environment has a default policy; applications sign with the policy they name. The keys a
 * policy makes are not keys of {@code /keys}: they show as {@code currentKeyId} and {@code nextKeyId}
 * and in the environment's JWKS.
 */
@Path("/v1/environments/{envID}/keyRotationPolicies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeyRotationPoliciesResource {

    /** PingOne's key lengths for RSA policy keys. */
    static final Set<Integer> KEY_LENGTHS = Set.of(2048, 3072, 4096);

    private final ManagementAccess access;
    private final KeyRotationPolicyService service;
    private final KeyRotationPolicyRepository policies;
    private final AuditLog audit;
    private final Hal hal;

    public KeyRotationPoliciesResource(ManagementAccess access, KeyRotationPolicyService service,
            KeyRotationPolicyRepository policies, AuditLog audit, Hal hal) {
        this.access = access;
        this.service = service;
        this.policies = policies;
        this.audit = audit;
        this.hal = hal;
    }

    /**
     * The body of POST and PUT, PingOne's Key Rotation Policy data model (pingone-go-sdk-v2
     * management/model_key_rotation_policy.go). What a GET shows (id, environment, default, the key
     * ids, rotatedAt) may come back and is ignored.
     */
    public record PolicyRequest(
            @NotBlank @Size(max = 256) String name,
            @NotBlank @Size(max = 1024) String dn,
            @NotNull @Pattern(regexp = "RSA", message = "must be RSA") String algorithm,
            @NotNull Integer keyLength,
            @NotNull @Pattern(regexp = "SHA256withRSA|SHA384withRSA|SHA512withRSA",
                    message = "must be SHA256withRSA, SHA384withRSA or SHA512withRSA") String signatureAlgorithm,
            @NotNull @Pattern(regexp = "SIGNING", message = "must be SIGNING") String usageType,
            @NotNull Integer validityPeriod,
            Integer rotationPeriod,
            @JsonProperty("_links") Map<String, Object> links,
            UUID id,
            Reference environment,
            @JsonProperty("default") Boolean isDefault,
            String currentKeyId,
            String nextKeyId,
            Instant rotatedAt) {}

    /** A policy as PingOne shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PolicyResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            Reference environment,
            String name,
            String usageType,
            @JsonProperty("default") boolean isDefault,
            String dn,
            String algorithm,
            int keyLength,
            int validityPeriod,
            String signatureAlgorithm,
            int rotationPeriod,
            String currentKeyId,
            String nextKeyId,
            Instant rotatedAt) {}

    @POST
    @Transactional
    public Response create(@PathParam("envID") String envId, @Valid @NotNull PolicyRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_KEYS);
        Caller caller = access.caller();
        KeyRotationPolicyService.PolicySpec spec = spec(body);
        if (service.count(environmentId) >= KeyRotation.MAX_POLICIES) {
            throw ApiError.invalidRequest("An environment may hold at most " + KeyRotation.MAX_POLICIES + " key rotation policies");
        }
        requireUniqueName(environmentId, body.name(), null);
        KeyRotationPolicy created = service.create(environmentId, spec);
        audit.record(caller, environmentId, "KEY_ROTATION_POLICY", "CREATED", created.id, created.name);
        return hal.created(path(created), toResponse(created));
    }

    @GET
    @Transactional
    public Hal.ListBody<PolicyResponse> list(
            @PathParam("envID") String envId, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        Paging paging = Paging.of(limit, cursor);
        return hal.list("/environments/" + environmentId + "/keyRotationPolicies", "keyRotationPolicies",
                paging.fetch(policies, "environmentId", environmentId, p -> p.id, this::toResponse), paging);
    }

    @GET
    @Path("/{krpID}")
    @Transactional
    public PolicyResponse get(@PathParam("envID") String envId, @PathParam("krpID") String krpId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        return toResponse(find(environmentId, krpId));
    }

    /** Replaces the specification and schedule; keys generated from now on follow them. */
    @PUT
    @Path("/{krpID}")
    @Transactional
    public PolicyResponse update(@PathParam("envID") String envId, @PathParam("krpID") String krpId,
            @Valid @NotNull PolicyRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_KEYS);
        Caller caller = access.caller();
        KeyRotationPolicy policy = find(environmentId, krpId);
        KeyRotationPolicyService.PolicySpec spec = spec(body);
        requireUniqueName(environmentId, body.name(), policy.id);
        service.update(policy, spec);
        audit.record(caller, environmentId, "KEY_ROTATION_POLICY", "UPDATED", policy.id, policy.name);
        return toResponse(policy);
    }

    /** PingOne: neither the default policy nor one that applications use can be deleted. */
    @DELETE
    @Path("/{krpID}")
    @Transactional
    public Response delete(@PathParam("envID") String envId, @PathParam("krpID") String krpId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_KEYS);
        Caller caller = access.caller();
        KeyRotationPolicy policy = find(environmentId, krpId);
        if (!service.delete(policy)) {
            throw ApiError.invalidRequest(policy.isDefault
                    ? "The default key rotation policy cannot be deleted"
                    : "The key rotation policy is used by applications: move them to another policy first");
        }
        audit.record(caller, environmentId, "KEY_ROTATION_POLICY", "DELETED", policy.id, policy.name);
        return Response.noContent().build();
    }

    /**
     * Rotates now instead of on schedule (not a PingOne operation). {@code ?compromised=true}
     * withdraws every key of the policy from the JWKS at once (tokens they signed stop verifying)
     * and signs with a fresh key from now on (docs/keys.md).
     */
    @POST
    @Path("/{krpID}/rotation")
    @Transactional
    public PolicyResponse rotate(@PathParam("envID") String envId, @PathParam("krpID") String krpId,
            @QueryParam("compromised") boolean compromised) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_KEYS);
        Caller caller = access.caller();
        KeyRotationPolicy policy = find(environmentId, krpId);
        service.rotateNow(policy, compromised);
        audit.record(caller, environmentId, "KEY_ROTATION_POLICY", "ROTATED", policy.id,
                policy.name + (compromised ? ", keys withdrawn as compromised" : ""));
        return toResponse(policy);
    }

    /** PingOne's bounds: rotation every 30 days at least, and at least a day before the key expires. */
    private static KeyRotationPolicyService.PolicySpec spec(PolicyRequest body) {
        if (!KEY_LENGTHS.contains(body.keyLength())) {
            throw ApiError.invalidData("keyLength", "must be 2048, 3072 or 4096");
        }
        int rotation = body.rotationPeriod() != null ? body.rotationPeriod() : KeyRotation.DEFAULT_ROTATION_PERIOD;
        if (body.validityPeriod() < KeyRotation.MIN_ROTATION_PERIOD + 1 || body.validityPeriod() > 36500) {
            throw ApiError.invalidData("validityPeriod", "must be from " + (KeyRotation.MIN_ROTATION_PERIOD + 1) + " to 36500 days");
        }
        if (rotation < KeyRotation.MIN_ROTATION_PERIOD || rotation > body.validityPeriod() - 1) {
            throw ApiError.invalidData("rotationPeriod", "must be from " + KeyRotation.MIN_ROTATION_PERIOD
                    + " days to one day less than validityPeriod");
        }
        return new KeyRotationPolicyService.PolicySpec(body.name(), body.dn(), body.algorithm(), body.keyLength(),
                SignatureAlgorithm.of(body.signatureAlgorithm()).orElseThrow(), body.validityPeriod(), rotation);
    }

    private void requireUniqueName(UUID environmentId, String name, UUID except) {
        boolean taken = policies.listByEnvironment(environmentId).stream()
                .anyMatch(p -> p.name.equals(name) && !p.id.equals(except));
        if (taken) {
            throw ApiError.uniqueness("name", "A key rotation policy with this name already exists in the environment");
        }
    }

    private KeyRotationPolicy find(UUID environmentId, String rawId) {
        return Ids.find(rawId, "key rotation policy", id -> policies.findInEnvironment(environmentId, id));
    }

    private static String path(KeyRotationPolicy p) {
        return "/environments/" + p.environmentId + "/keyRotationPolicies/" + p.id;
    }

    private PolicyResponse toResponse(KeyRotationPolicy p) {
        Map<String, Hal.Link> links = new LinkedHashMap<>(hal.self(path(p)));
        links.put("environment", new Hal.Link(hal.url("/environments/" + p.environmentId)));
        return new PolicyResponse(links, p.id, new Reference(p.environmentId), p.name, p.usageType,
                p.isDefault, p.dn, p.algorithm, p.keyLength, p.validityPeriod, p.signatureAlgorithm, p.rotationPeriod,
                service.keyOf(p, "CURRENT").map(k -> k.id.toString()).orElse(null),
                service.keyOf(p, "NEXT").map(k -> k.id.toString()).orElse(null),
                p.rotatedAt);
    }
}
