package io.portcullis.token;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.signing.AccessTokenHeader;
import io.portcullis.signing.SignatureAlgorithm;
import io.portcullis.signing.VerifiedAccessToken;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every claim of an access token and its JOSE header (the JWT profile of RFC 9068), and what token
 * exchange (RFC 8693) puts in its place: the one file that decides what a token says.
 */
@Singleton
public class AccessTokenClaims implements AccessTokenHeader {

    /** Lifetime of management API tokens. */
    static final int MANAGEMENT_TOKEN_SECONDS = 3600;

    /** The longest chain of exchanges a token may come from ({@code exchanged_from}). */
    static final int MAX_EXCHANGES = 8;

    private final PortcullisConfig config;

    public AccessTokenClaims(PortcullisConfig config) {
        this.config = config;
    }

    /**
     * The header, encoded once per key by the key loader. RFC 9068 §2.1: "Access tokens MUST include
     * the typ header parameter with the value at+jwt"; RFC 7515 §4.1.1 {@code alg}, the key's
     * algorithm; §4.1.4 {@code kid}, the key's id as published in the JWKS.
     */
    @Override
    public Map<String, String> of(SignatureAlgorithm algorithm, String kid) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("alg", algorithm.jwsAlgorithm());
        header.put("kid", kid);
        header.put("typ", "at+jwt");
        return header;
    }

    /**
     * What a token issued by token exchange says in place of, or beyond, a client_credentials token.
     *
     * @param subject the {@code sub} of the issued token
     * @param act the RFC 8693 §4.1 {@code act} claim
     * @param exchangedFrom the {@code jti}s of the subject token and of the tokens it was exchanged
     *     from, nearest first ({@link VerifiedAccessToken#EXCHANGED_FROM}): revoking any of them
     *     revokes the issued token
     * @param notAfter the subject token's {@code exp}
     */
    public record Exchange(Object subject, Map<String, Object> act, List<String> exchangedFrom, Instant notAfter) {

        /** The claims of a token {@code actor} obtains by exchanging {@code subjectToken}. */
        public static Exchange of(VerifiedAccessToken subjectToken, ClientView actor) {
            List<String> chain = subjectToken.lineage();
            if (chain.size() > MAX_EXCHANGES) {
                throw OAuthError.invalidRequest("subject_token was exchanged too many times already");
            }
            // RFC 8693 §4.1: "The act (actor) claim provides a means within a JWT to express that
            // delegation has occurred and identify the acting party"; here the authenticated client.
            Map<String, Object> act = new LinkedHashMap<>();
            act.put("client_id", actor.id().toString());
            Object priorActor = subjectToken.claims().get("act");
            if (priorActor != null) {
                // RFC 8693 §4.1: "A chain of delegation can be expressed by nesting one act claim within another."
                act.put("act", priorActor);
            }
            // RFC 8693 §1.1: in delegation the issued token's subject stays the subject token's: its
            // sub, or the client it was issued to when it has none.
            Object sub = subjectToken.claims().get("sub") != null ? subjectToken.claims().get("sub") : subjectToken.clientId();
            return new Exchange(sub, act, chain, subjectToken.expiresAt());
        }
    }

    /**
     * The token's lifetime in seconds: the resource's {@code accessTokenValiditySeconds} (an hour
     * for the management API), cut short so that the token outlives neither the key that signs it
     * (the key stays published until it expires) nor, for an exchanged token, the subject token.
     */
    public long lifetime(ScopeResolution resolution, Exchange exchange, Instant keyExpiresAt, long now) {
        int validity = resolution.forManagementApi() ? MANAGEMENT_TOKEN_SECONDS : resolution.resource().accessTokenValiditySeconds();
        long notAfter = keyExpiresAt.getEpochSecond();
        if (exchange != null) {
            notAfter = Math.min(notAfter, exchange.notAfter().getEpochSecond());
        }
        long lifetime = Math.min(validity, notAfter - now);
        if (lifetime <= 0) {
            throw OAuthError.invalidRequest("The token would already be expired");
        }
        return lifetime;
    }

    /**
     * The claims, in the order they are written. Token exchange's claims are merged by rule, claim
     * by claim, never by copying the subject token's: {@code sub}, {@code act} and
     * {@code exchanged_from} come from {@link Exchange}; every other claim is this token's own. The
     * subject token's {@code may_act} (RFC 8693 §4.4) is not carried: it speaks of who may act on
     * the subject token, not on the token issued.
     *
     * @param exchange null for a token that is not exchanged
     */
    public Map<String, Object> claims(ClientView client, ScopeResolution resolution, Exchange exchange, long now, long lifetime) {
        Map<String, Object> claims = new LinkedHashMap<>();
        // RFC 9068 §2.2: iss, "the issuer identifier"; PingOne's form {public-url}/{envID}/as.
        claims.put("iss", config.issuer(client.environmentId()));
        // RFC 9068 §2.2: "In cases of access tokens obtained through grants where no resource owner is
        // involved, such as the client credentials grant, the value of sub SHOULD correspond to an
        // identifier the authorization server uses to indicate the client application."
        claims.put("sub", exchange != null ? exchange.subject() : client.id().toString());
        // RFC 9068 §2.2 aud; RFC 8707 §2: the audience of the resource the token is for.
        claims.put("aud", resolution.forManagementApi() ? config.managementAudience() : resolution.resource().audience());
        // RFC 9068 §2.2 client_id; RFC 8693 §4.3: in an exchanged token, the client that requested it.
        claims.put("client_id", client.id().toString());
        String scope = scope(resolution);
        if (scope != null) {
            // RFC 9068 §2.2.3: scope as in RFC 8693 §4.2, space-separated; absent when there is none.
            claims.put("scope", scope);
        }
        // RFC 9068 §2.2: iat, exp and jti are required.
        claims.put("iat", now);
        claims.put("exp", now + lifetime);
        claims.put("jti", UUID.randomUUID().toString());
        // PingOne's env claim: the environment that issued the token.
        claims.put("env", client.environmentId().toString());
        if (exchange != null) {
            claims.put("act", exchange.act());
            claims.put(VerifiedAccessToken.EXCHANGED_FROM, exchange.exchangedFrom());
        }
        return claims;
    }

    /** The {@code scope} claim and response member (RFC 6749 §3.3, space-delimited), or null for none. */
    public static String scope(ScopeResolution resolution) {
        return resolution.scopes().isEmpty() ? null : String.join(" ", resolution.scopes());
    }
}
