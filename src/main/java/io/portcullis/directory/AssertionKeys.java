package io.portcullis.directory;

import java.time.Instant;
import java.util.List;

/**
 * What verifies an application's JWT client assertions (RFC 7523 §2.2): for CLIENT_SECRET_JWT its
 * secrets in the clear (HMAC needs them; held for applications of that method only), for
 * PRIVATE_KEY_JWT its JWKS document or the https URL serving it.
 */
public record AssertionKeys(List<HmacSecret> hmacSecrets, String jwks, String jwksUrl) {

    public static final AssertionKeys NONE = new AssertionKeys(List.of(), null, null);

    /** A client secret as an HMAC key; {@code expiresAt} is null for the current secret. */
    public record HmacSecret(byte[] key, Instant expiresAt) {

        public boolean usableAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }

        @Override
        public String toString() {
            return "HmacSecret[key=<redacted>, expiresAt=" + expiresAt + "]";
        }
    }
}
