package io.portcullis.signing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An access token of this service whose signature, issuer, environment and expiry were checked. */
public record VerifiedAccessToken(
        UUID environmentId, String jti, String clientId, Instant issuedAt, Instant expiresAt, Map<String, Object> claims) {

    /** The space-separated scope claim, or null. */
    public String scope() {
        return claims.get("scope") instanceof String s ? s : null;
    }
}
