package io.portcullis.signing;

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
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /v1/environments/{envID}/keys}: the signing keys of one environment. The default key
 * signs new tokens; every unexpired key stays in the JWKS, so tokens signed before a change of
 * default still verify. The private key never leaves the service.
 */
@Path("/v1/environments/{envID}/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SigningKeysResource {

    private final ManagementAccess access;
    private final SigningKeyService service;
    private final SigningKeyRepository keys;
    private final AuditLog audit;
    private final Hal hal;
    private final Clock clock;

    public SigningKeysResource(
            ManagementAccess access,
            SigningKeyService service,
            SigningKeyRepository keys,
            AuditLog audit,
            Hal hal,
            Clock clock) {
        this.access = access;
        this.service = service;
        this.keys = keys;
        this.audit = audit;
        this.hal = hal;
        this.clock = clock;
    }

    /**
     * The body of POST, with PingOne's fields as Terraform's {@code pingone_key} sends them
     * (terraform-provider-pingone internal/service/base/resource_key.go): validity as
     * {@code validityPeriod} days or as {@code expiresAt}, one year when neither is given.
     */
    public record KeyRequest(
            @Size(max = 256) String name,
            @NotNull @Pattern(regexp = "RSA|EC", message = "must be RSA or EC") String algorithm,
            @NotNull Integer keyLength,
            @NotNull String signatureAlgorithm,
            @Pattern(regexp = "SIGNING", message = "must be SIGNING") String usageType,
            @JsonProperty("default") Boolean makeDefault,
            @JsonProperty("subjectDN") @Size(max = 1024) String subjectDn,
            @JsonProperty("issuerDN") @Size(max = 1024) String issuerDn,
            @PositiveOrZero BigInteger serialNumber,
            @Positive @Max(36500) Integer validityPeriod,
            Instant expiresAt) {}

    /**
     * The body of PUT: {@code "default": true} makes the key the default signer. What a GET shows
     * may come back unchanged (Terraform and GET-then-PUT clients send it); only {@code default},
     * {@code usageType} and {@code issuerDN} are changed by a PUT.
     */
    public record KeyUpdateRequest(
            @Pattern(regexp = "SIGNING", message = "must be SIGNING") String usageType,
            @JsonProperty("default") Boolean makeDefault,
            @JsonProperty("issuerDN") @Size(max = 1024) String issuerDn,
            @JsonProperty("_links") Map<String, Object> links,
            UUID id,
            Reference environment,
            String name,
            String algorithm,
            Integer keyLength,
            String signatureAlgorithm,
            @JsonProperty("subjectDN") String subjectDn,
            BigInteger serialNumber,
            Integer validityPeriod,
            String status,
            Instant createdAt,
            Instant startsAt,
            Instant expiresAt) {}

    /** A key as the API shows it: public facts only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyResponse(
            @JsonProperty("_links") Map<String, Hal.Link> links,
            UUID id,
            Reference environment,
            String name,
            String algorithm,
            int keyLength,
            String signatureAlgorithm,
            String usageType,
            @JsonProperty("default") boolean isDefault,
            String status,
            @JsonProperty("subjectDN") String subjectDn,
            @JsonProperty("issuerDN") String issuerDn,
            BigInteger serialNumber,
            int validityPeriod,
            Instant createdAt,
            Instant startsAt,
            Instant expiresAt) {}

    @POST
    @Transactional
    public Response create(@PathParam("envID") String envId, @Valid @NotNull KeyRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_KEYS);
        Caller caller = access.caller();
        SignatureAlgorithm algorithm = checkedAlgorithm(body);
        Instant now = clock.instant();
        Instant expiresAt = body.validityPeriod() != null ? now.plus(Duration.ofDays(body.validityPeriod()))
                : body.expiresAt() != null ? body.expiresAt() : now.plus(SigningKeyService.DEFAULT_LIFETIME);
        if (!expiresAt.isAfter(now)) {
            throw ApiError.invalidData("expiresAt", "must be in the future");
        }
        SigningKey created;
        try {
            created = service.create(environmentId,
                    new SigningKeyService.KeySpec(body.algorithm(), body.keyLength(), algorithm, expiresAt),
                    Boolean.TRUE.equals(body.makeDefault()),
                    new SigningKeyService.KeyNames(body.name(), body.subjectDn(), body.issuerDn(), body.serialNumber()));
        } catch (SigningKeyService.TooManyKeys e) {
            throw ApiError.invalidRequest("An environment may hold at most " + SigningKeyService.MAX_MANUAL_KEYS
                    + " keys: delete keys it no longer needs first");
        }
        audit.record(caller, environmentId, "KEY", "CREATED", created.id, describe(created));
        return hal.created(path(created), toResponse(created));
    }

    @GET
    @Transactional
    public Hal.ListBody<KeyResponse> list(
            @PathParam("envID") String envId, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        Paging paging = Paging.of(limit, cursor);
        // Manual keys only: a key rotation policy's keys are its own (PingOne's KrpKeys are not keys).
        List<SigningKey> rows = keys.find("environmentId = ?1 and rotationPolicyId is null and id > ?2", Sort.by("id"),
                environmentId, paging.afterOrFirst()).page(0, paging.limit() + 1).list();
        long total = keys.count("environmentId = ?1 and rotationPolicyId is null", environmentId);
        return hal.list("/environments/" + environmentId + "/keys", "keys",
                paging.page(rows, total, k -> k.id, this::toResponse), paging);
    }

    @GET
    @Path("/{keyID}")
    @Transactional
    public KeyResponse get(@PathParam("envID") String envId, @PathParam("keyID") String keyId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.READ);
        return toResponse(find(environmentId, keyId));
    }

    /** {@code "default": true} makes the key the default; the default cannot be unset, only replaced. */
    @PUT
    @Path("/{keyID}")
    @Transactional
    public KeyResponse update(@PathParam("envID") String envId, @PathParam("keyID") String keyId, @Valid @NotNull KeyUpdateRequest body) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_KEYS);
        Caller caller = access.caller();
        SigningKey key = find(environmentId, keyId);
        if (body.issuerDn() != null && !body.issuerDn().equals(key.issuerDn)) {
            key.issuerDn = body.issuerDn();
        }
        if (Boolean.TRUE.equals(body.makeDefault()) && !key.isDefault) {
            if (!key.expiresAt.isAfter(clock.instant())) {
                throw ApiError.invalidRequest("An expired key cannot become the default");
            }
            service.makeDefault(key);
            audit.record(caller, environmentId, "KEY", "UPDATED", key.id, describe(key) + ", now the default");
        } else if (Boolean.FALSE.equals(body.makeDefault()) && key.isDefault) {
            throw ApiError.invalidRequest("The default key stays the default until another key is made the default");
        }
        return toResponse(key);
    }

    /** Deletes a key that is not the default: it leaves the JWKS, so tokens it signed stop verifying. */
    @DELETE
    @Path("/{keyID}")
    @Transactional
    public Response delete(@PathParam("envID") String envId, @PathParam("keyID") String keyId) {
        UUID environmentId = access.requireEnvironment(envId, Permission.WRITE_KEYS);
        Caller caller = access.caller();
        SigningKey key = find(environmentId, keyId);
        // Checked again under the environment's key lock: the key may have become the default since.
        if (key.isDefault || !service.delete(environmentId, key.id)) {
            throw ApiError.invalidRequest("The default key cannot be deleted: make another key the default first");
        }
        audit.record(caller, environmentId, "KEY", "DELETED", key.id, describe(key));
        return Response.noContent().build();
    }

    /** The key length and signature algorithm must fit the key algorithm (RFC 7518 §3.1). */
    private static SignatureAlgorithm checkedAlgorithm(KeyRequest body) {
        boolean rsa = "RSA".equals(body.algorithm());
        if (!(rsa ? SigningKeyService.RSA_LENGTHS : SigningKeyService.EC_LENGTHS).contains(body.keyLength())) {
            throw ApiError.invalidData("keyLength", rsa ? "must be 2048, 3072 or 4096 for RSA" : "must be 256 or 384 for EC");
        }
        SignatureAlgorithm algorithm = SignatureAlgorithm.of(body.signatureAlgorithm())
                .orElseThrow(() -> ApiError.invalidData("signatureAlgorithm", "is not a supported signature algorithm"));
        boolean fits = rsa
                ? algorithm.keyAlgorithm().equals("RSA")
                : algorithm == (body.keyLength() == 256 ? SignatureAlgorithm.SHA256withECDSA : SignatureAlgorithm.SHA384withECDSA);
        if (!fits) {
            throw ApiError.invalidData("signatureAlgorithm", rsa
                    ? "must be SHA256withRSA, SHA384withRSA or SHA512withRSA for an RSA key"
                    : "must be SHA256withECDSA for EC 256 and SHA384withECDSA for EC 384");
        }
        return algorithm;
    }


    private SigningKey find(UUID environmentId, String rawId) {
        return Ids.find(rawId, "key", id -> keys.findInEnvironment(environmentId, id).filter(k -> k.rotationPolicyId == null));
    }

    private static String describe(SigningKey k) {
        return k.algorithm + " " + k.keyLength + " " + k.signatureAlgorithm;
    }

    private static String path(SigningKey k) {
        return "/environments/" + k.environmentId + "/keys/" + k.id;
    }

    private KeyResponse toResponse(SigningKey k) {
        Instant now = clock.instant();
        // PingOne's statuses; EXPIRING from the time the operator is warned (docs/keys.md).
        String status = !k.expiresAt.isAfter(now) ? "EXPIRED"
                : k.expiresAt.isBefore(now.plus(SigningKeyMetrics.EXPIRY_WARNING)) ? "EXPIRING" : "VALID";
        int validityDays = (int) Math.round(Duration.between(k.createdAt, k.expiresAt).toSeconds() / 86400.0);
        return new KeyResponse(hal.self(path(k)), k.id, new Reference(k.environmentId), k.name, k.algorithm, k.keyLength,
                k.signatureAlgorithm, k.usageType, k.isDefault, status, k.subjectDn, k.issuerDn, k.serialNumber,
                validityDays, k.createdAt, k.createdAt, k.expiresAt);
    }
}
