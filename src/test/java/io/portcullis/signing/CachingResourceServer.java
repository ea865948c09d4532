package io.portcullis.signing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * A resource server as docs/keys.md asks for, made strict: it caches the environment's JWKS for the
 * {@code max-age} the response gives and does NOT refetch on an unknown {@code kid}, so a token
 * signed by a key it has not cached yet fails here. Verification time is the service's clock.
 */
final class CachingResourceServer {

    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    private final String environmentId;
    private final Clock clock;
    private List<JsonWebKey> cached;
    private Instant freshUntil = Instant.MIN;
    int fetches;

    CachingResourceServer(String environmentId, Clock clock) {
        this.environmentId = environmentId;
        this.clock = clock;
    }

    /** The token's claims, or an AssertionError saying why it does not verify with the cached keys. */
    JwtClaims verify(String token) {
        Instant now = clock.instant();
        if (!now.isBefore(freshUntil)) {
            refresh(now);
        }
        try {
            return new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(cached))
                    .setRequireExpirationTime()
                    .setExpectedType(true, "at+jwt")
                    .setSkipDefaultAudienceValidation()
                    .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                    .build()
                    .processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new AssertionError("at " + now + " the token does not verify with the JWKS cached at "
                    + freshUntil + " minus max-age: " + e.getMessage(), e);
        }
    }

    /** The {@code kid} of a compact JWS's header. */
    static String kid(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8)
                .replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }

    private void refresh(Instant now) {
        Response response = given().get("/" + environmentId + "/as/jwks").then().statusCode(200).extract().response();
        Matcher maxAge = MAX_AGE.matcher(response.header("Cache-Control"));
        if (!maxAge.find()) {
            throw new AssertionError("the JWKS has no max-age: " + response.header("Cache-Control"));
        }
        try {
            cached = new JsonWebKeySet(response.asString()).getJsonWebKeys();
        } catch (JoseException e) {
            throw new AssertionError(e);
        }
        freshUntil = now.plusSeconds(Long.parseLong(maxAge.group(1)));
        fetches++;
    }
}
