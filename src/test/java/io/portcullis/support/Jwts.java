package io.portcullis.support;

import static io.restassured.RestAssured.given;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/** Verifies access tokens with jose4j against the JWKS the service publishes over HTTP. */
public final class Jwts {

    private Jwts() {}

    public static JwtClaims verify(String environmentId, String token, String issuer, String audience) {
        return consume(environmentId, token, issuer, audience, false);
    }

    /**
     * RFC 9068 §4 as a strict resource server applies it: also requires {@code sub} (§2.2), and a
     * client id; returns the claims.
     */
    public static JwtClaims verifyRfc9068(String environmentId, String token, String issuer, String audience) {
        JwtClaims claims = consume(environmentId, token, issuer, audience, true);
        if (claims.getClaimValue("client_id") == null) {
            throw new AssertionError("RFC 9068 §2.2: client_id is required");
        }
        return claims;
    }

    private static JwtClaims consume(String environmentId, String token, String issuer, String audience, boolean requireSubject) {
        String jwks = given().get("/" + environmentId + "/as/jwks").then().statusCode(200).extract().asString();
        try {
            JwtConsumerBuilder builder = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                    .setExpectedIssuer(issuer)
                    .setExpectedAudience(audience)
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireJwtId()
                    .setExpectedType(true, "at+jwt");
            if (requireSubject) {
                builder.setRequireSubject();
            }
            JwtConsumer consumer = builder.build();
            return consumer.processToClaims(token);
        } catch (JoseException | InvalidJwtException e) {
            throw new AssertionError("token does not verify: " + e.getMessage(), e);
        }
    }
}
