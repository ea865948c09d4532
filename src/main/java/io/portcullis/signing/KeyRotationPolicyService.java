package io.portcullis.signing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Creates, changes and deletes key rotation policies, and rotates their keys: at each rotation
 * the next key (published since the previous rotation) becomes current, the current one becomes
 * previous and stays published until it expires, and a new next key is published.
 */
@ApplicationScoped
public class KeyRotationPolicyService {

    private static final Logger LOG = Logger.getLogger(KeyRotationPolicyService.class);
    /** Policies one rotation run handles in one transaction; the rest wait for the next run. */
    static final int ROTATIONS_PER_RUN = 20;

    private final KeyRotationPolicyRepository policies;
    private final SigningKeyRepository keys;
    private final SigningKeyService keyService;
    private final Clock clock;

    public KeyRotationPolicyService(KeyRotationPolicyRepository policies, SigningKeyRepository keys,
            SigningKeyService keyService, Clock clock) {
        this.policies = policies;
        this.keys = keys;
        this.keyService = keyService;
        this.clock = clock;
    }

    /** What a policy is: its name and the specification of the keys it generates (periods in days). */
    public record PolicySpec(String name, String dn, String algorithm, int keyLength, SignatureAlgorithm signatureAlgorithm,
            int validityPeriod, int rotationPeriod) {
        static PolicySpec defaultPolicy() {
            return new PolicySpec("Default Key Rotation Policy", "CN=Default Key Rotation Policy", "RSA", 2048,
                    SignatureAlgorithm.SHA256withRSA, KeyRotation.DEFAULT_VALIDITY_PERIOD, KeyRotation.DEFAULT_ROTATION_PERIOD);
        }
    }

    /**
     * The default policy of a new environment, with its current key signing at once (no one can
     * have cached the JWKS of an environment that did not exist) and its next key published.
     */
    @Transactional
    public KeyRotationPolicy createDefault(UUID environmentId) {
        Instant now = clock.instant();
        KeyRotationPolicy policy = newPolicy(environmentId, PolicySpec.defaultPolicy(), true, now);
        policy.rotatedAt = now;
        policies.persist(policy);
        policies.flush();
        keyService.createPolicyKey(policy, "CURRENT", now, now);
        keyService.createPolicyKey(policy, "NEXT", now, now.plus(KeyRotation.PRE_PUBLICATION));
        return policy;
    }

    /**
     * Another policy of the environment. Its first key signs only after the pre-publication window
     * (until then its applications sign with the environment's other keys).
     */
    @Transactional
    public KeyRotationPolicy create(UUID environmentId, PolicySpec spec) {
        Instant now = clock.instant();
        KeyRotationPolicy policy = newPolicy(environmentId, spec, false, now);
        policy.rotatedAt = now;
        policies.persist(policy);
        policies.flush();
        keyService.createPolicyKey(policy, "CURRENT", now, now.plus(KeyRotation.PRE_PUBLICATION));
        keyService.createPolicyKey(policy, "NEXT", now, now.plus(KeyRotation.PRE_PUBLICATION));
        return policy;
    }

    /** Changes a policy's specification and schedule; keys it generates from now on follow it. */
    @Transactional
    public KeyRotationPolicy update(KeyRotationPolicy policy, PolicySpec spec) {
        policies.lock(policy.id);
        apply(policy, spec);
        policy.updatedAt = clock.instant();
        return policy;
    }

    /** Deletes a policy with its keys; false for the default policy or one that applications use. */
    @Transactional
    public boolean delete(KeyRotationPolicy policy) {
        policies.lock(policy.id);
        if (policy.isDefault || policies.applicationsUsing(policy.id) > 0) {
            return false;
        }
        policies.delete(policy);
        return true;
    }

    /**
     * Has the application's tokens signed by the policy (null: by the environment's default manual
     * key). False, and nothing changed, when the policy is not one of the environment's.
     */
    @Transactional
    public boolean assign(UUID environmentId, UUID applicationId, UUID policyIdOrNull) {
        if (policyIdOrNull != null && policies.findInEnvironment(environmentId, policyIdOrNull).isEmpty()) {
            return false;
        }
        policies.setPolicyOfApplication(environmentId, applicationId, policyIdOrNull);
        return true;
    }

    /** A new application signs with its environment's default policy (PingOne does so for new applications). */
    @Transactional
    public void assignDefault(UUID environmentId, UUID applicationId) {
        policies.findDefault(environmentId).ifPresent(p -> assign(environmentId, applicationId, p.id));
    }

    @Transactional
    public Optional<UUID> policyOf(UUID applicationId) {
        return policies.policyOfApplication(applicationId);
    }

    /**
     * Rotates every policy whose rotation is due, on whichever replica gets there first: the rows
     * are locked with {@code FOR UPDATE SKIP LOCKED}, so two replicas never rotate the same policy.
     *
     * @return the ids of the policies rotated
     */
    @Transactional
    public List<UUID> rotateDue() {
        return rotateDue(null);
    }

    /** {@link #rotateDue()} for the policies of one environment (null: of every environment). */
    @Transactional
    public List<UUID> rotateDue(UUID environmentIdOrNull) {
        Instant now = clock.instant();
        List<UUID> rotated = new ArrayList<>();
        for (UUID id : policies.lockDue(now, ROTATIONS_PER_RUN, environmentIdOrNull)) {
            KeyRotationPolicy policy = policies.findById(id);
            rotate(policy, now, false);
            rotated.add(id);
        }
        return rotated;
    }

    /**
     * Rotates one policy now, before its schedule. {@code compromised}: every key of the policy is
     * withdrawn from the JWKS at once (tokens they signed stop verifying) and a fresh key signs
     * immediately; otherwise the rotation is the scheduled one, brought forward.
     */
    @Transactional
    public KeyRotationPolicy rotateNow(KeyRotationPolicy policy, boolean compromised) {
        policies.lock(policy.id);
        rotate(policy, clock.instant(), compromised);
        return policy;
    }

    private void rotate(KeyRotationPolicy policy, Instant now, boolean compromised) {
        List<SigningKey> existing = keys.list("rotationPolicyId", policy.id);
        SigningKey next = existing.stream().filter(k -> "NEXT".equals(k.designation) && k.expiresAt.isAfter(now))
                .findFirst().orElse(null);
        for (SigningKey key : existing) {
            // Expired keys are no longer published, and so are compromised ones; the previous current
            // key stays published until it expires, so that every token it signed still verifies.
            if (compromised || !key.expiresAt.isAfter(now)) {
                keys.delete(key);
            } else if ("CURRENT".equals(key.designation)) {
                key.designation = "PREVIOUS";
            }
        }
        keys.flush();
        if (next != null && !compromised) {
            next.designation = "CURRENT"; // published since it was made, one rotation period ago
        } else {
            // No next key to promote: the first rotation of a policy backfilled into an existing
            // environment, or every key expired while no rotation ran, or a compromise. The fresh key
            // waits out the pre-publication window while another key of the environment can sign
            // meanwhile; otherwise (nothing to wait with, or a compromise) it signs at once, and
            // resource servers refetch the JWKS on its unknown kid.
            boolean bridged = !compromised && anotherKeyCanSign(policy, now);
            keyService.createPolicyKey(policy, "CURRENT", now, bridged ? now.plus(KeyRotation.PRE_PUBLICATION) : now);
        }
        keyService.createPolicyKey(policy, "NEXT", now, now.plus(KeyRotation.PRE_PUBLICATION));
        policy.rotatedAt = now;
        LOG.infof("Key rotation policy %s of environment %s rotated%s", policy.id, policy.environmentId,
                compromised ? " (compromise: its previous keys were withdrawn)" : "");
    }

    /** Whether the environment's default manual key or a remaining key of the policy may sign at {@code now}. */
    private boolean anotherKeyCanSign(KeyRotationPolicy policy, Instant now) {
        return keys.listByEnvironment(policy.environmentId).stream()
                .filter(k -> policy.id.equals(k.rotationPolicyId) || (k.rotationPolicyId == null && k.isDefault))
                .anyMatch(k -> KeyRotation.maySign(k.activatesAt, k.expiresAt, now));
    }

    /** The policy's current and next key ids, for the API ({@code currentKeyId}, {@code nextKeyId}). */
    @Transactional
    public Optional<SigningKey> keyOf(KeyRotationPolicy policy, String designation) {
        return keys.find("rotationPolicyId = ?1 and designation = ?2", policy.id, designation).firstResultOptional();
    }

    public long count(UUID environmentId) {
        return policies.count("environmentId", environmentId);
    }

    private KeyRotationPolicy newPolicy(UUID environmentId, PolicySpec spec, boolean isDefault, Instant now) {
        KeyRotationPolicy policy = new KeyRotationPolicy();
        policy.id = UUID.randomUUID();
        policy.environmentId = environmentId;
        policy.isDefault = isDefault;
        policy.createdAt = now;
        policy.updatedAt = now;
        apply(policy, spec);
        return policy;
    }

    private static void apply(KeyRotationPolicy policy, PolicySpec spec) {
        policy.name = spec.name();
        policy.dn = spec.dn();
        policy.algorithm = spec.algorithm();
        policy.keyLength = spec.keyLength();
        policy.signatureAlgorithm = spec.signatureAlgorithm().name();
        policy.usageType = "SIGNING";
        policy.validityPeriod = spec.validityPeriod();
        policy.rotationPeriod = spec.rotationPeriod();
    }
}
