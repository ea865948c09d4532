package io.portcullis.signing;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.UUID;

/**
 * A decrypted signing key held in memory, with its JWS header already encoded and its private key
 * ready to sign ({@link KeySignatures}).
 */
public record ActiveKey(
        UUID id,
        SignatureAlgorithm algorithm,
        PrivateKey privateKey,
        PublicKey publicKey,
        boolean isDefault,
        Instant expiresAt,
        String encodedHeader,
        KeySignatures signatures) {

    public String kid() {
        return id.toString();
    }
}
