package io.portcullis.signing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The keys of one environment as held in memory: the published set, the default manual key
 * ({@code signer}), and which key rotation policy signs each application's tokens.
 *
 * @param defaultPolicyId the environment's default key rotation policy (null only before it exists)
 * @param policyOfApplication the policy each application names; an application absent here signs
 *     with the default manual key
 */
public record EnvironmentKeys(
        Optional<ActiveKey> signer,
        List<ActiveKey> published,
        Map<String, Object> jwks,
        UUID defaultPolicyId,
        Map<UUID, UUID> policyOfApplication) {

    /** A policy's keys in the order they are tried: the current one, then the most recently activated. */
    private static final Comparator<ActiveKey> SIGNING_ORDER = Comparator
            .comparing((ActiveKey k) -> !"CURRENT".equals(k.designation()))
            .thenComparing(ActiveKey::activatesAt, Comparator.reverseOrder());

    /**
     * The key that signs the application's tokens at {@code now}: its policy's (the policy it names,
     * else the default manual key), falling back to the default manual key and then to the
     * environment's default policy, so that a policy without a key ready to sign (its first key
     * still being pre-published) or an expired manual key never stops token issue. Empty when no
     * key of the environment may sign.
     */
    public Optional<ActiveKey> signerFor(UUID applicationId, Instant now) {
        UUID policy = policyOfApplication.get(applicationId);
        List<ActiveKey> candidates = new ArrayList<>();
        if (policy != null) {
            candidates.addAll(keysOf(policy));
        }
        signer.ifPresent(candidates::add);
        if (defaultPolicyId != null && !defaultPolicyId.equals(policy)) {
            candidates.addAll(keysOf(defaultPolicyId));
        }
        return candidates.stream().filter(k -> k.canSignAt(now)).findFirst();
    }

    private List<ActiveKey> keysOf(UUID policyId) {
        return published.stream().filter(k -> policyId.equals(k.rotationPolicyId())).sorted(SIGNING_ORDER).toList();
    }
}
