package io.portcullis.token;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.signing.AccessTokenSigner;
import io.portcullis.signing.ActiveKey;
import io.portcullis.signing.KeyRing;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Builds and signs access tokens in the RFC 9068 JWT profile with the environment's default key. */
@Singleton
public class AccessTokenIssuer {

    private static final Logger LOG = Logger.getLogger(AccessTokenIssuer.class);
    /** Lifetime of management API tokens. */
    static final int MANAGEMENT_TOKEN_SECONDS = 3600;

    private final KeyRing keyRing;
    private final AccessTokenSigner signer;
    private final PortcullisConfig config;
    private final Clock clock;

    public AccessTokenIssuer(KeyRing keyRing, AccessTokenSigner signer, PortcullisConfig config, Clock clock) {
        this.keyRing = keyRing;
        this.signer = signer;
        this.config = config;
        this.clock = clock;
    }

    public TokenResponse issue(ClientView client, ScopeResolution resolution) {
        ActiveKey key = keyRing.keysOf(client.environmentId()).signer().orElse(null);
        if (key == null) {
            LOG.errorf("environment %s has no valid default signing key", client.environmentId());
            throw OAuthError.invalidRequest("The environment has no signing key");
        }
        return new TokenResponse(signer.sign(key, claims(client, resolution)), "Bearer", lifetime(resolution), scope(resolution));
    }

    /** The claims of a token for the client and the resolved scopes, issued now. */
    public Map<String, Object> claims(ClientView client, ScopeResolution resolution) {
        String audience = resolution.forManagementApi() ? config.managementAudience() : resolution.resource().audience();
        String scope = scope(resolution);
        long now = clock.instant().getEpochSecond();

        // RFC 9068 §2.2; client_credentials tokens have no sub (CONTRACT.md).
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", config.issuer(client.environmentId()));
        claims.put("aud", audience);
        claims.put("client_id", client.id().toString());
        if (scope != null) {
            claims.put("scope", scope);
        }
        claims.put("iat", now);
        claims.put("exp", now + lifetime(resolution));
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("env", client.environmentId().toString());
        return claims;
    }

    private static int lifetime(ScopeResolution resolution) {
        return resolution.forManagementApi() ? MANAGEMENT_TOKEN_SECONDS : resolution.resource().accessTokenValiditySeconds();
    }

    private static String scope(ScopeResolution resolution) {
        return resolution.scopes().isEmpty() ? null : String.join(" ", resolution.scopes());
    }
}
