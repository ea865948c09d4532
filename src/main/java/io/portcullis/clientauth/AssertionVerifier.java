package io.portcullis.clientauth;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.ClientView;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.stream.Collectors;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jboss.logging.Logger;

/**
 * The checks every JWT client assertion passes, whatever verifies its signature (RFC 7523 §3):
 * {@code iss} = {@code sub} = the client id, {@code aud} one of this environment's authorization
 * server URLs, {@code exp} present and at most an hour ahead, a {@code jti} never seen before
 * it expires, and a signature by one of the client's keys in an allowed algorithm.
 */
@Singleton
public class AssertionVerifier {

    private static final Logger AUDIT = Logger.getLogger("io.portcullis.audit.client-authentication");
    /** The longest an assertion may be valid for, counted from now. */
    static final int MAX_VALIDITY_MINUTES = 60;

    private final PortcullisConfig config;
    private final AssertionReplayStore replays;
    private final Clock clock;

    public AssertionVerifier(PortcullisConfig config, AssertionReplayStore replays, Clock clock) {
        this.config = config;
        this.replays = replays;
        this.clock = clock;
    }

    /** Whether the assertion is valid for the client, signed by a key the resolver gives, in one of the algorithms. */
    public boolean verify(String assertion, ClientView client, VerificationKeyResolver keys, String... algorithms) {
        String issuer = config.issuer(client.environmentId());
        String clientId = client.id().toString();
        int skewSeconds = (int) config.clientAssertion().clockSkew().toSeconds();
        JwtClaims claims;
        try {
            claims = new JwtConsumerBuilder()
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithms)
                    .setVerificationKeyResolver(keys)
                    .setExpectedIssuer(clientId)
                    .setExpectedSubject(clientId)
                    // RFC 7523 §3 item 3: the token endpoint URL, or the issuer (RFC 8414); the
                    // introspection and revocation endpoints take assertions too.
                    .setExpectedAudience(true, issuer, issuer + "/token", issuer + "/introspect", issuer + "/revoke")
                    .setRequireExpirationTime()
                    .setMaxFutureValidityInMinutes(MAX_VALIDITY_MINUTES)
                    .setRequireJwtId()
                    .setAllowedClockSkewInSeconds(skewSeconds)
                    .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                    .build()
                    .processToClaims(assertion);
        } catch (InvalidJwtException e) {
            audit(client, e.getErrorDetails().stream().map(d -> withoutToken(d.getErrorMessage()))
                    .collect(Collectors.joining("; ")));
            return false;
        }
        try {
            // RFC 7523 §3 item 7: a jti is accepted once, until the assertion expires (plus the skew we allow).
            Instant expiresAt = Instant.ofEpochSecond(claims.getExpirationTime().getValue()).plusSeconds(skewSeconds);
            if (!replays.firstUse(client.id(), claims.getJwtId(), expiresAt)) {
                audit(client, "jti already used (replay) or unusable");
                return false;
            }
        } catch (MalformedClaimException e) {
            audit(client, "malformed exp or jti");
            return false;
        }
        return true;
    }

    /** jose4j may append the serialized JWS after "->": keep assertions out of the log. */
    private static String withoutToken(String message) {
        int cut = message.indexOf("->");
        return cut < 0 ? message : message.substring(0, cut);
    }

    private static void audit(ClientView client, String reason) {
        AUDIT.infof("client assertion refused: environment=%s client_id=%s reason=%s",
                client.environmentId(), client.id(), reason);
    }
}
