package io.portcullis.environment;

import io.portcullis.change.ChangePublisher;
import io.portcullis.signing.KeyRotationPolicyService;
import io.portcullis.signing.SigningKeyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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

    private final EnvironmentRepository environments;
    private final SigningKeyService signingKeys;
    private final KeyRotationPolicyService rotationPolicies;
    private final ChangePublisher changes;
    private final Clock clock;

    public EnvironmentService(
            EnvironmentRepository environments, SigningKeyService signingKeys, KeyRotationPolicyService rotationPolicies,
            ChangePublisher changes, Clock clock) {
        this.environments = environments;
        this.rotationPolicies = rotationPolicies;
        this.signingKeys = signingKeys;
        this.changes = changes;
        this.clock = clock;
    }

    @Transactional
    public Environment create(UUID id, String name, String description) {
        Instant now = clock.instant();
        Environment environment = new Environment();
        environment.id = id != null ? id : UUID.randomUUID();
        environment.name = name;
        environment.description = description;
        environment.createdAt = now;
        environment.updatedAt = now;
        environments.persist(environment);
        environments.flush();
        signingKeys.create(environment.id, SigningKeyService.KeySpec.defaultRsa(now), true);
        rotationPolicies.createDefault(environment.id);
        changes.environmentChanged(environment.id);
        return environment;
    }

    @Transactional
    public Optional<Environment> find(UUID id) {
        return environments.findByIdOptional(id);
    }

    @Transactional
    public Environment update(UUID id, String name, String description) {
        Environment environment = environments.findByIdOptional(id).orElseThrow();
        environment.name = name;
        environment.description = description;
        environment.updatedAt = clock.instant();
        return environment;
    }

    /** Deletes the environment and, by cascade, everything in it. */
    @Transactional
    public boolean delete(UUID id) {
        boolean deleted = environments.deleteById(id);
        if (deleted) {
            changes.environmentChanged(id);
        }
        return deleted;
    }
}
