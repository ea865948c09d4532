package io.portcullis.signing;

import io.portcullis.config.PortcullisConfig;
import jakarta.inject.Singleton;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies an access token this service issued in one environment (RFC 9068 §4): {@code typ}
 * at+jwt, a signature by one of the environment's published keys named by {@code kid} in that
 * key's algorithm, {@code iss} and {@code env} of the environment, not expired. Whether it was
 * revoked since is not this class's question.
 */
@Singleton
public class AccessTokenVerifier {

    /** Longer than any token this service issues. */
    static final int MAX_TOKEN_LENGTH = 8192;

    private final KeyRing keyRing;
    private final PortcullisConfig config;
    private final Clock clock;

    public AccessTokenVerifier(KeyRing keyRing, PortcullisConfig config, Clock clock) {
        this.keyRing = keyRing;
        this.config = config;
        this.clock = clock;
    }

    /** The verified token, or empty for anything else; the environment must be known to exist. */
    public Optional<VerifiedAccessToken> verify(UUID environmentId, String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        EnvironmentKeys keys = keyRing.keysOf(environmentId);
        String[] algorithms = keys.published().stream().map(k -> k.algorithm().jwsAlgorithm()).distinct().toArray(String[]::new);
        if (algorithms.length == 0) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = new JwtConsumerBuilder()
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
                    .setSkipDefaultAudienceValidation()
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireJwtId()
                    .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                    .build()
                    .processToClaims(token);
            if (!environmentId.toString().equals(claims.getClaimValue("env"))
                    || !(claims.getClaimValue("client_id") instanceof String clientId)) {
                return Optional.empty();
            }
            return Optional.of(new VerifiedAccessToken(environmentId, claims.getJwtId(), clientId,
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    Map.copyOf(claims.getClaimsMap())));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }
}
