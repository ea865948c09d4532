package io.portcullis.signing;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.UUID;

/**
 * A decrypted signing key held in memory, with its JWS header already encoded and its private key
 * ready to sign ({@link KeySignatures}).
 *
 * @param isDefault whether it is the environment's default manual key
 * @param rotationPolicyId the key rotation policy it belongs to, or null for a manual key
 * @param designation {@code PREVIOUS}, {@code CURRENT} or {@code NEXT} in its policy; null for a manual key
 * @param activatesAt the key signs from this instant on (it is published from its creation)
 */
public record ActiveKey(
        UUID id,
        SignatureAlgorithm algorithm,
        PrivateKey privateKey,
        PublicKey publicKey,
        boolean isDefault,
        Instant expiresAt,
        String encodedHeader,
        KeySignatures signatures,
        UUID rotationPolicyId,
        String designation,
        Instant activatesAt) {

    public String kid() {
        return id.toString();
    }

    /** Whether the key may sign at {@code now} ({@link KeyRotation#maySign}); checked at signing time, not at loading time. */
    public boolean canSignAt(Instant now) {
        return KeyRotation.maySign(activatesAt, expiresAt, now);
    }
}
