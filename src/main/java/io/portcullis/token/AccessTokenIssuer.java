package io.portcullis.token;

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
import java.util.Map;

/**
 * Issues access tokens: picks the signing key of the application's key rotation policy, asks
 * {@link AccessTokenClaims} what the token says, and signs it.
 */
@Singleton
public class AccessTokenIssuer {

    private final KeyRing keyRing;
    private final AccessTokenSigner signer;
    private final AccessTokenClaims claims;
    private final Clock clock;
    private final SigningKeyMetrics signingMetrics;

    public AccessTokenIssuer(KeyRing keyRing, AccessTokenSigner signer, AccessTokenClaims claims, Clock clock,
            SigningKeyMetrics signingMetrics) {
        this.keyRing = keyRing;
        this.signingMetrics = signingMetrics;
        this.signer = signer;
        this.claims = claims;
        this.clock = clock;
    }

    public TokenResponse issue(ClientView client, ScopeResolution resolution) {
        return issue(client, resolution, null);
    }

    /**
     * Issues a token; for token exchange ({@code exchange} not null) with the claims of
     * {@link AccessTokenClaims.Exchange} and RFC 8693 §2.2.1's {@code issued_token_type}.
     */
    public TokenResponse issue(ClientView client, ScopeResolution resolution, AccessTokenClaims.Exchange exchange) {
        Instant at = clock.instant();
        // The key's validity is checked now, at signing time, not when the key ring was loaded.
        ActiveKey key = keyRing.keysOf(client.environmentId()).signerFor(client.id(), at).orElse(null);
        if (key == null) {
            signingMetrics.noKeyCouldSign(client.environmentId());
            throw OAuthError.temporarilyUnavailable(
                    "No signing key is available; retry after the time in Retry-After", KeyRotation.RETRY_AFTER_SECONDS);
        }
        long now = at.getEpochSecond();
        long lifetime = claims.lifetime(resolution, exchange, key.expiresAt(), now);
        String issuedTokenType = exchange == null ? null : TokenExchangeGrant.ACCESS_TOKEN_TYPE;
        return new TokenResponse(signer.sign(key, claims.claims(client, resolution, exchange, now, lifetime)),
                issuedTokenType, "Bearer", lifetime, AccessTokenClaims.scope(resolution));
    }

    /** The claims of a client_credentials token issued now, signed by a key that never expires (what the microbenchmarks measure). */
    public Map<String, Object> claims(ClientView client, ScopeResolution resolution) {
        long now = clock.instant().getEpochSecond();
        return claims.claims(client, resolution, null, now, claims.lifetime(resolution, null, Instant.MAX, now));
    }
}
