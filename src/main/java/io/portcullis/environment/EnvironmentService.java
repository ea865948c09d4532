package io.portcullis.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.signing.KeyRotationPolicyService;
import io.portcullis.signing.SigningKeyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates, changes and deletes environments; a new environment gets its RSA-2048 default key and
 * its default key rotation policy.
 */
@ApplicationScoped
public class EnvironmentService {

    /** What a create or update sets; null region, type or bill of materials keep (or take) their defaults. */
    public record Settings(String name, String description, String region, String type, BillOfMaterials billOfMaterials) {

        public static Settings of(String name, String description) {
            return new Settings(name, description, null, null, null);
        }
    }

    private final EnvironmentRepository environments;
    private final SigningKeyService signingKeys;
    private final KeyRotationPolicyService rotationPolicies;
    private final ObjectMapper json;
    private final Clock clock;

    public EnvironmentService(
            EnvironmentRepository environments, SigningKeyService signingKeys, KeyRotationPolicyService rotationPolicies,
            ObjectMapper json, Clock clock) {
        this.environments = environments;
        this.rotationPolicies = rotationPolicies;
        this.signingKeys = signingKeys;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public Environment create(UUID id, String name, String description) {
        return create(id, Settings.of(name, description));
    }

    @Transactional
    public Environment create(UUID id, Settings settings) {
        Instant now = clock.instant();
        Environment environment = new Environment();
        environment.id = id != null ? id : UUID.randomUUID();
        environment.name = settings.name();
        environment.description = settings.description();
        environment.region = settings.region() != null ? settings.region() : Environment.DEFAULT_REGION;
        environment.type = settings.type() != null ? settings.type() : Environment.DEFAULT_TYPE;
        environment.createdAt = now;
        environment.updatedAt = now;
        if (settings.billOfMaterials() != null) {
            setBillOfMaterials(environment, settings.billOfMaterials(), now);
        }
        environments.persist(environment);
        environments.flush();
        signingKeys.create(environment.id, SigningKeyService.KeySpec.defaultRsa(now), true);
        rotationPolicies.createDefault(environment.id);
        return environment;
    }

    @Transactional
    public Optional<Environment> find(UUID id) {
        return environments.findByIdOptional(id);
    }

    @Transactional
    public Environment update(UUID id, String name, String description) {
        return update(id, Settings.of(name, description));
    }

    /** Replaces name and description; a given type or bill of materials replaces the current one. */
    @Transactional
    public Environment update(UUID id, Settings settings) {
        Environment environment = environments.findByIdOptional(id).orElseThrow();
        Instant now = clock.instant();
        environment.name = settings.name();
        environment.description = settings.description();
        if (settings.type() != null) {
            environment.type = settings.type();
        }
        if (settings.billOfMaterials() != null) {
            setBillOfMaterials(environment, settings.billOfMaterials(), now);
        }
        environment.updatedAt = now;
        return environment;
    }

    @Transactional
    public Environment updateType(UUID id, String type) {
        Environment environment = environments.findByIdOptional(id).orElseThrow();
        environment.type = type;
        environment.updatedAt = clock.instant();
        return environment;
    }

    @Transactional
    public Environment updateBillOfMaterials(UUID id, BillOfMaterials billOfMaterials) {
        Environment environment = environments.findByIdOptional(id).orElseThrow();
        setBillOfMaterials(environment, billOfMaterials, clock.instant());
        return environment;
    }

    /** The environment's bill of materials, or PingOne's default when it was never set. */
    public BillOfMaterials billOfMaterials(Environment environment) {
        if (environment.billOfMaterials == null) {
            return withIds(environment.id, BillOfMaterials.DEFAULT);
        }
        try {
            return json.readValue(environment.billOfMaterials, BillOfMaterials.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored bill of materials of environment " + environment.id + " is not readable", e);
        }
    }

    /** Deletes the environment and, by cascade, everything in it. */
    @Transactional
    public boolean delete(UUID id) {
        return environments.deleteById(id); // loads and removes the entity: the change is published
    }

    private void setBillOfMaterials(Environment environment, BillOfMaterials billOfMaterials, Instant now) {
        try {
            environment.billOfMaterials = json.writeValueAsString(withIds(environment.id, billOfMaterials));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bill of materials not writable as JSON", e);
        }
        environment.billOfMaterialsUpdatedAt = now;
    }

    /** Read-only fields set here: a product's id is stable per environment and type; deployments are not taken from clients. */
    private static BillOfMaterials withIds(UUID environmentId, BillOfMaterials billOfMaterials) {
        return new BillOfMaterials(billOfMaterials.solutionType(), billOfMaterials.products().stream()
                .map(p -> new BillOfMaterials.Product(
                        UUID.nameUUIDFromBytes((environmentId + "/" + p.type()).getBytes(StandardCharsets.UTF_8)).toString(),
                        p.type(), p.console(), null, p.bookmarks()))
                .toList());
    }
}
