package io.portcullis.token;

import io.portcullis.application.GrantType;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.directory.EnvironmentView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.revocation.ActiveTokens;
import io.portcullis.signing.VerifiedAccessToken;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange} (RFC 8693) for
 * service-to-service delegation: an application exchanges an active access token of this
 * environment (the subject) for a token for another resource, acting on the subject's behalf.
 * <ul>
 *   <li>target and scopes: {@link ScopeResolution#forTokenExchange};
 *   <li>claims ({@code sub}, {@code act}, {@code exchanged_from}) and lifetime (never past the
 *       subject token's {@code exp}): {@link AccessTokenClaims.Exchange};
 *   <li>revocation: revoking any token of the chain makes the issued one inactive too
 *       ({@link ActiveTokens}); a chain is at most {@value AccessTokenClaims#MAX_EXCHANGES} exchanges long.
 * </ul>
 */
@Singleton
public class TokenExchangeGrant implements Grant {

    /** RFC 8693 §3: the token types taken as subject and actor, and issued. */
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    static final Set<String> TOKEN_TYPES = Set.of(ACCESS_TOKEN_TYPE, JWT_TYPE);

    private final Directory directory;
    private final ActiveTokens activeTokens;
    private final AccessTokenIssuer issuer;

    public TokenExchangeGrant(Directory directory, ActiveTokens activeTokens, AccessTokenIssuer issuer) {
        this.directory = directory;
        this.activeTokens = activeTokens;
        this.issuer = issuer;
    }

    @Override
    public GrantType type() {
        return GrantType.TOKEN_EXCHANGE;
    }

    /** The subject token, and any token it was exchanged from, are looked up in the revocation list in PostgreSQL. */
    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public TokenResponse handle(OAuthRequest request, ClientView client) {
        EnvironmentView environment = directory.environment(client.environmentId())
                .orElseThrow(() -> OAuthError.invalidClient(null));
        String requestedType = request.param("requested_token_type");
        if (requestedType != null && !TOKEN_TYPES.contains(requestedType)) {
            throw OAuthError.invalidRequest("requested_token_type must be " + ACCESS_TOKEN_TYPE);
        }
        VerifiedAccessToken subject = presentedToken(request, client, "subject_token", "subject_token_type");
        if (request.has("actor_token") || request.has("actor_token_type")) {
            VerifiedAccessToken actor = presentedToken(request, client, "actor_token", "actor_token_type");
            if (!actor.clientId().equals(client.id().toString())) {
                // The actor is the authenticated client; a token of another client cannot speak for it.
                throw OAuthError.invalidRequest("actor_token must be a token of the client making the request");
            }
        }

        ScopeResolution resolution = ScopeResolution.forTokenExchange(request.param("resource"), request.param("audience"),
                request.param("scope"), client, environment.resources(), subject.scope());
        return issuer.issue(client, resolution, AccessTokenClaims.Exchange.of(subject, client));
    }

    /** RFC 8693 §2.1: a token and its type, both required; §2.2.2: a bad one is invalid_request. */
    private VerifiedAccessToken presentedToken(OAuthRequest request, ClientView client, String tokenParam, String typeParam) {
        String token = request.param(tokenParam);
        String type = request.param(typeParam);
        if (token == null || token.isEmpty() || type == null) {
            throw OAuthError.invalidRequest(tokenParam + " and " + typeParam + " are required");
        }
        if (!TOKEN_TYPES.contains(type)) {
            throw OAuthError.invalidRequest(typeParam + " must be " + ACCESS_TOKEN_TYPE + " or " + JWT_TYPE);
        }
        return activeTokens.active(client.environmentId(), token, ActiveTokens.Audience.ANY)
                .orElseThrow(() -> OAuthError.invalidRequest(tokenParam + " is not an active access token of this environment"));
    }
}
