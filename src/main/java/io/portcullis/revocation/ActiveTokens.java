package io.portcullis.revocation;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.signing.ActiveKey;
import io.portcullis.signing.EnvironmentKeys;
import io.portcullis.signing.KeyRing;
import io.portcullis.signing.VerifiedAccessToken;
import jakarta.inject.Singleton;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The one verifier of access tokens this service issued, used by everything that accepts one:
 * introspection, revocation, token exchange and the management API. A token is active (RFC 7662
 * §2.2) when it has {@code typ} at+jwt (RFC 9068 §4), a signature by a published key of its
 * environment named by {@code kid} in that key's algorithm, {@code iss} and {@code env} of the
 * environment, the expected audience, {@code exp}/{@code nbf} that hold by the injected clock,
 * an application that still exists and is enabled, an {@code iat} not before the application's
 * {@code tokensNotBefore}, and when neither it nor a token it was exchanged from is revoked. Only
 * the last question reads the database.
 */
@Singleton
public class ActiveTokens {

    /** Longer than any token this service issues. */
    static final int MAX_TOKEN_LENGTH = 8192;

    /** Which audience a token must carry. */
    public enum Audience {
        /**
         * Any audience of the environment: introspection, revocation and token exchange take the
         * tokens of every resource (RFC 7662 §2.1, RFC 7009 §2.1, RFC 8693 §2.1).
         */
        ANY,
        /**
         * Issued for the management API: {@code aud} is exactly {@code {publicUrl}/v1}, and the token
         * has no {@code scope} and was not exchanged, as no token of a resource lacks a scope.
         */
        MANAGEMENT_API
    }

    /** Reads a token's claims without trusting them, to learn which environment's keys verify it. */
    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder()
            .setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification().build();

    private final KeyRing keyRing;
    private final Directory directory;
    private final RevocationList revocations;
    private final PortcullisConfig config;
    private final Clock clock;

    public ActiveTokens(KeyRing keyRing, Directory directory, RevocationList revocations, PortcullisConfig config, Clock clock) {
        this.keyRing = keyRing;
        this.directory = directory;
        this.revocations = revocations;
        this.config = config;
        this.clock = clock;
    }

    /** The token when it is active in this environment for the audience, else empty. */
    public Optional<VerifiedAccessToken> active(UUID environmentId, String token, Audience audience) {
        return verify(environmentId, token, audience);
    }

    /** A management API bearer token, of whichever environment its {@code env} claim names, when active. */
    public Optional<VerifiedAccessToken> activeManagementToken(String token) {
        return verify(null, token, Audience.MANAGEMENT_API);
    }

    private Optional<VerifiedAccessToken> verify(UUID expectedEnvironment, String token, Audience audience) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        try {
            JwtContext context = UNVERIFIED.process(token);
            UUID environmentId = context.getJwtClaims().getClaimValue("env") instanceof String env
                    ? OAuthRequest.environmentIdOrNull(env) : null;
            if (environmentId == null || expectedEnvironment != null && !expectedEnvironment.equals(environmentId)
                    || !directory.exists(environmentId)) {
                return Optional.empty();
            }
            consumer(environmentId, audience).processContext(context); // the signature and the claims, now for real
            JwtClaims claims = context.getJwtClaims();
            if (!(claims.getClaimValue("client_id") instanceof String clientId)) {
                return Optional.empty();
            }
            VerifiedAccessToken verified = new VerifiedAccessToken(environmentId, claims.getJwtId(), clientId,
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    Map.copyOf(claims.getClaimsMap()));
            if (audience == Audience.MANAGEMENT_API && !issuedForManagement(verified, claims)) {
                return Optional.empty();
            }
            return Optional.of(verified).filter(this::clientAllows).filter(t -> !revocations.anyRevoked(t.lineage()));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    /** RFC 9068 §4 checks with the environment's published keys and issuer, at the clock's time. */
    private JwtConsumer consumer(UUID environmentId, Audience audience) {
        EnvironmentKeys keys = keyRing.keysOf(environmentId);
        String[] algorithms = keys.published().stream().map(k -> k.algorithm().jwsAlgorithm()).distinct().toArray(String[]::new);
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setExpectedType(true, "at+jwt")
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithms)
                .setVerificationKeyResolver((jws, nesting) -> {
                    for (ActiveKey key : keys.published()) {
                        if (key.kid().equals(jws.getKeyIdHeaderValue())
                                && key.algorithm().jwsAlgorithm().equals(jws.getAlgorithmHeaderValue())) {
                            return (Key) key.publicKey();
                        }
                    }
                    throw new UnresolvableKeyException("no published key of the environment matches the token's kid and alg");
                })
                .setExpectedIssuer(config.issuer(environmentId))
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()));
        if (audience == Audience.MANAGEMENT_API) {
            builder.setExpectedAudience(true, config.managementAudience());
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        return builder.build();
    }

    private boolean issuedForManagement(VerifiedAccessToken token, JwtClaims claims) throws MalformedClaimException {
        return List.of(config.managementAudience()).equals(claims.getAudience())
                && token.scope() == null && token.exchangedFrom().isEmpty() && token.claims().get("act") == null;
    }

    private boolean clientAllows(VerifiedAccessToken token) {
        UUID clientId = OAuthRequest.environmentIdOrNull(token.clientId()); // client ids are UUIDs
        ClientView client = clientId == null ? null
                : directory.environment(token.environmentId()).flatMap(e -> e.client(clientId)).orElse(null);
        return client != null && client.enabled()
                && (client.tokensNotBefore() == null || !token.issuedAt().isBefore(client.tokensNotBefore()));
    }
}
