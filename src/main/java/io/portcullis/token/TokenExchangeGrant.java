package io.portcullis.token;

import io.portcullis.application.GrantType;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.directory.EnvironmentView;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.revocation.ActiveTokens;
import io.portcullis.signing.VerifiedAccessToken;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange} (RFC 8693) for
 * service-to-service delegation: an application exchanges an active access token of this
 * environment (the subject) for a token for another resource, acting on the subject's behalf.
 * <ul>
 *   <li>target: the resource whose audience is {@code resource} (RFC 8707) or {@code audience}
 *       (both, if given, must name the same one); with neither, picked by {@code scope} as for
 *       client_credentials;
 *   <li>scopes: the requested ones (all when none are) that the application is granted on the target
 *       <em>and</em> that the subject token carries, compared by name;
 *   <li>claims: {@code sub} is the subject's {@code sub}, or its {@code client_id}; {@code act}
 *       (§4.1) is {@code {"client_id": <this application>}}, nesting the subject's own {@code act};
 *   <li>lifetime: the target's, but never past the subject token's {@code exp};
 *   <li>revocation: {@code exchanged_from} lists the {@code jti}s of the subject token and of the
 *       tokens it was itself exchanged from, so that revoking any of them makes this one inactive
 *       too ({@link ActiveTokens}); a chain is at most {@value #MAX_CHAIN} exchanges long.
 * </ul>
 */
@Singleton
public class TokenExchangeGrant implements Grant {

    /** RFC 8693 §3: the token types taken as subject and actor, and issued. */
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    static final Set<String> TOKEN_TYPES = Set.of(ACCESS_TOKEN_TYPE, JWT_TYPE);
    static final int MAX_CHAIN = 8;

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

        ResourceView target = target(request, client, environment);
        Set<String> allowed = new HashSet<>(client.grantedScopes().getOrDefault(target.id(), Set.of()));
        allowed.retainAll(scopesOf(subject));
        ScopeResolution resolution = ScopeResolution.within(target, request.param("scope"), allowed);

        Map<String, Object> act = new LinkedHashMap<>();
        act.put("client_id", client.id().toString());
        if (subject.claims().get("act") != null) {
            act.put("act", subject.claims().get("act")); // RFC 8693 §4.1: prior actors nest
        }
        List<String> chain = new ArrayList<>();
        chain.add(subject.jti());
        chain.addAll(subject.exchangedFrom());
        if (chain.size() > MAX_CHAIN) {
            throw OAuthError.invalidRequest("subject_token was exchanged too many times already");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("sub", subject.claims().get("sub") != null ? subject.claims().get("sub") : subject.clientId());
        extra.put("act", act);
        extra.put(VerifiedAccessToken.EXCHANGED_FROM, chain);
        return issuer.issue(client, resolution, extra, subject.expiresAt().getEpochSecond(), ACCESS_TOKEN_TYPE);
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

    private static ResourceView target(OAuthRequest request, ClientView client, EnvironmentView environment) {
        String resource = request.param("resource");
        String audience = request.param("audience");
        if (resource == null && audience == null) {
            return ScopeResolution.resolve(request.param("scope"), client, environment.resources()).resourceOrThrow();
        }
        ResourceView byResource = resource == null ? null : ScopeResolution.target(resource, client, environment.resources());
        ResourceView byAudience = audience == null ? null : ScopeResolution.target(audience, client, environment.resources());
        if (byResource != null && byAudience != null && !byResource.id().equals(byAudience.id())) {
            throw OAuthError.invalidTarget("resource and audience name different resources");
        }
        return byResource != null ? byResource : byAudience;
    }

    private static Set<String> scopesOf(VerifiedAccessToken token) {
        String scope = token.scope();
        return scope == null ? Set.of() : new HashSet<>(Arrays.asList(scope.split(" ")));
    }
}
