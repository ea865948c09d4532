package io.portcullis.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.util.UUID;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Builds RFC 7523 client assertions with jose4j, independently of the code under test. */
public final class ClientAssertions {

    public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private ClientAssertions() {}

    public static PublicJsonWebKey rsaKey(String kid) {
        try {
            PublicJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PublicJsonWebKey ecKey(String kid) {
        try {
            PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWKS of the keys, as JSON. */
    public static String publicJwks(JsonWebKey... keys) {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** Claims of a valid assertion: iss = sub = client, the audience, exp in five minutes, a fresh jti. */
    public static JwtClaims claims(String clientId, String audience, Clock clock) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(clientId);
        claims.setSubject(clientId);
        claims.setAudience(audience);
        NumericDate now = NumericDate.fromMilliseconds(clock.millis());
        claims.setIssuedAt(now);
        NumericDate exp = NumericDate.fromMilliseconds(clock.millis());
        exp.addSeconds(300);
        claims.setExpirationTime(exp);
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    /** Signs with the private key of a JWK, in its kid. */
    public static String sign(JwtClaims claims, PublicJsonWebKey key, String algorithm) {
        return sign(claims, key.getPrivateKey(), algorithm, key.getKeyId());
    }

    /** HMAC with a client secret (CLIENT_SECRET_JWT). */
    public static String hmac(JwtClaims claims, String secret, String algorithm) {
        return sign(claims, new HmacKey(secret.getBytes(StandardCharsets.UTF_8)), algorithm, null);
    }

    public static String sign(JwtClaims claims, Key key, String algorithm, String kidOrNull) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(algorithm);
        if (kidOrNull != null) {
            jws.setKeyIdHeaderValue(kidOrNull);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A form request authenticated by the assertion; add the rest of the body with {@code body(...)}. */
    public static String form(String assertion, String rest) {
        return rest + "&client_assertion_type=" + TYPE + "&client_assertion=" + assertion;
    }

    public static RequestSpecification formRequest() {
        return given().contentType("application/x-www-form-urlencoded");
    }
}
