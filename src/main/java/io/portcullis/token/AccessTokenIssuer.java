package io.portcullis.token;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.signing.AccessTokenSigner;
import io.portcullis.signing.ActiveKey;
import io.portcullis.signing.KeyRing;
import io.portcullis.signing.KeyRotation;
import io.portcullis.signing.SigningKeyMetrics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds and signs access tokens in the RFC 9068 JWT profile with the key of the application's key rotation policy. */
@Singleton
public class AccessTokenIssuer {

    /** Lifetime of management API tokens. */
    static final int MANAGEMENT_TOKEN_SECONDS = 3600;

    private final KeyRing keyRing;
    private final AccessTokenSigner signer;
    private final PortcullisConfig config;
    private final Clock clock;
    private final SigningKeyMetrics signingMetrics;

    public AccessTokenIssuer(KeyRing keyRing, AccessTokenSigner signer, PortcullisConfig config, Clock clock,
            SigningKeyMetrics signingMetrics) {
        this.keyRing = keyRing;
        this.signingMetrics = signingMetrics;
        this.signer = signer;
        this.config = config;
        this.clock = clock;
    }

    public TokenResponse issue(ClientView client, ScopeResolution resolution) {
        return issue(client, resolution, Map.of(), Long.MAX_VALUE, null);
    }

    /**
     * Issues a token with extra claims ({@code sub}, {@code act} of RFC 8693 §4.1), expiring at
     * {@code notAfterEpochSecond} at the latest.
     */
    public TokenResponse issue(ClientView client, ScopeResolution resolution, Map<String, Object> extraClaims,
            long notAfterEpochSecond, String issuedTokenType) {
        Instant at = clock.instant();
        // The key's validity is checked now, at signing time, not when the key ring was loaded.
        ActiveKey key = keyRing.keysOf(client.environmentId()).signerFor(client.id(), at).orElse(null);
        if (key == null) {
            signingMetrics.noKeyCouldSign(client.environmentId());
            throw OAuthError.temporarilyUnavailable(
                    "No signing key is available; retry after the time in Retry-After", KeyRotation.RETRY_AFTER_SECONDS);
        }
        long now = at.getEpochSecond();
        // A token never outlives the key that signed it: the key stays published until it expires.
        long lifetime = lifetime(resolution, Math.min(notAfterEpochSecond, key.expiresAt().getEpochSecond()), now);
        Map<String, Object> claims = claims(client, resolution, extraClaims, now, lifetime);
        return new TokenResponse(signer.sign(key, claims), issuedTokenType, "Bearer", lifetime, scope(resolution));
    }

    /** The claims of a client_credentials token issued now (what the microbenchmarks measure). */
    public Map<String, Object> claims(ClientView client, ScopeResolution resolution) {
        long now = clock.instant().getEpochSecond();
        return claims(client, resolution, Map.of(), now, lifetime(resolution, Long.MAX_VALUE, now));
    }

    private Map<String, Object> claims(
            ClientView client, ScopeResolution resolution, Map<String, Object> extraClaims, long now, long lifetime) {
        String audience = resolution.forManagementApi() ? config.managementAudience() : resolution.resource().audience();
        String scope = scope(resolution);
        // RFC 9068 §2.2: sub is required; with no resource owner (client_credentials) it is the client id.
        // An exchanged token (RFC 8693) passes the subject token's sub.
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", config.issuer(client.environmentId()));
        claims.put("sub", extraClaims.get("sub") != null ? extraClaims.get("sub") : client.id().toString());
        claims.put("aud", audience);
        claims.put("client_id", client.id().toString());
        if (scope != null) {
            claims.put("scope", scope);
        }
        claims.put("iat", now);
        claims.put("exp", now + lifetime);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("env", client.environmentId().toString());
        extraClaims.forEach(claims::putIfAbsent);
        return claims;
    }

    /** The resource's validity, cut short at {@code notAfterEpochSecond}. */
    private static long lifetime(ScopeResolution resolution, long notAfterEpochSecond, long now) {
        int validity = resolution.forManagementApi() ? MANAGEMENT_TOKEN_SECONDS : resolution.resource().accessTokenValiditySeconds();
        long lifetime = Math.min(validity, notAfterEpochSecond - now);
        if (lifetime <= 0) {
            throw OAuthError.invalidRequest("The token would already be expired");
        }
        return lifetime;
    }

    private static String scope(ScopeResolution resolution) {
        return resolution.scopes().isEmpty() ? null : String.join(" ", resolution.scopes());
    }
}
