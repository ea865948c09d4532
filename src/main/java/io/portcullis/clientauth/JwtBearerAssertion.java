package io.portcullis.clientauth;

import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Reads a JWT client assertion from a request (RFC 7521 §4.2, RFC 7523 §2.2) before it is verified:
 * its JWS algorithm, which picks the authenticator, and the client it claims to be.
 */
final class JwtBearerAssertion {

    static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Far longer than any real assertion; refuse to parse more. */
    static final int MAX_LENGTH = 8192;

    private JwtBearerAssertion() {}

    /** The assertion's JWS {@code alg}, or null when the request has no readable JWT client assertion. */
    static String algorithm(OAuthRequest request) {
        String assertion = request.param("client_assertion");
        if (!TYPE.equals(request.param("client_assertion_type")) || assertion == null || assertion.length() > MAX_LENGTH) {
            return null;
        }
        try {
            return JsonWebStructure.fromCompactSerialization(assertion) instanceof JsonWebSignature jws
                    ? jws.getAlgorithmHeaderValue() : null;
        } catch (JoseException | RuntimeException e) {
            return null; // not a compact JWS: no assertion this method can read
        }
    }

    /**
     * The client the assertion names. RFC 7523 §3: {@code iss} and {@code sub} are both the client
     * id; RFC 7521 §4.2: a {@code client_id} parameter, when sent, must name the same client.
     *
     * @throws OAuthError {@code invalid_client} when the assertion does not name one client
     */
    static PresentedClient read(OAuthRequest request) {
        String assertion = request.param("client_assertion");
        try {
            JsonWebSignature jws = (JsonWebSignature) JsonWebStructure.fromCompactSerialization(assertion);
            JwtClaims claims = JwtClaims.parse(jws.getUnverifiedPayload());
            String issuer = claims.getIssuer();
            if (issuer == null || issuer.isEmpty() || !issuer.equals(claims.getSubject())) {
                throw OAuthError.invalidClient(null);
            }
            String clientId = request.param("client_id");
            if (clientId != null && !clientId.equals(issuer)) {
                throw OAuthError.invalidClient(null);
            }
            return new PresentedClient(issuer, assertion);
        } catch (JoseException | InvalidJwtException | MalformedClaimException | ClassCastException e) {
            throw OAuthError.invalidClient(null);
        }
    }
}
