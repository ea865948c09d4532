package io.portcullis.clientauth;

import static io.portcullis.support.ClientAssertions.claims;
import static io.portcullis.support.ClientAssertions.form;
import static io.portcullis.support.ClientAssertions.formRequest;
import static io.portcullis.support.ClientAssertions.hmac;
import static io.portcullis.support.ClientAssertions.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.portcullis.support.ClientAssertions;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.Jwts;
import io.portcullis.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CLIENT_SECRET_JWT and PRIVATE_KEY_JWT (RFC 7523 §2.2) at the token endpoint over HTTP, with
 * assertions built by jose4j: each algorithm that works, and each way an assertion is refused.
 */
@QuarkusTest
class JwtClientAuthenticationTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    @Inject
    TestClock clock;

    Environment env;
    CreatedResource orders;
    PublicJsonWebKey rsa;
    PublicJsonWebKey ec;
    String keyApp;
    CreatedApp secretJwtApp;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        orders = fixtures.resource(env.id, "orders", null, "orders:read");
        rsa = ClientAssertions.rsaKey("rsa-1");
        ec = ClientAssertions.ecKey("ec-1");
        keyApp = Admin.as(Admin.token()).body("""
                {"name": "signer", "enabled": true, "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod": "PRIVATE_KEY_JWT", "jwks": %s}
                """.formatted(ClientAssertions.publicJwks(rsa, ec)))
                .post("/v1/environments/" + env.id + "/applications")
                .then().statusCode(201).extract().path("id");
        fixtures.grant(env.id, UUID.fromString(keyApp), orders, "orders:read");
        secretJwtApp = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_JWT, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, secretJwtApp.app().id, orders, "orders:read");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void rs256AssertionAuthenticates() throws Exception {
        String token = token(sign(claims(keyApp, tokenEndpoint(), clock), rsa, "RS256")).then().statusCode(200)
                .header("Cache-Control", "no-store").extract().path("access_token");
        JwtClaims issued = Jwts.verify(env.id.toString(), token, issuer(), "orders");
        assertThat(issued.getClaimValueAsString("client_id")).isEqualTo(keyApp);
    }

    @Test
    void es256AssertionAuthenticates() {
        token(sign(claims(keyApp, tokenEndpoint(), clock), ec, "ES256")).then().statusCode(200);
    }

    @Test
    void assertionWithoutKidIsVerifiedByTheKeyThatFits() {
        token(ClientAssertions.sign(claims(keyApp, tokenEndpoint(), clock), rsa.getPrivateKey(), "RS256", null))
                .then().statusCode(200);
    }

    @Test
    void theIssuerIsAnAcceptedAudience() {
        token(sign(claims(keyApp, issuer(), clock), rsa, "RS256")).then().statusCode(200);
    }

    @Test
    void hs256AssertionAuthenticates() {
        token(hmac(claims(secretJwtApp.clientId(), tokenEndpoint(), clock), secretJwtApp.secret(), "HS256"))
                .then().statusCode(200).body("scope", equalTo("orders:read"));
    }

    @Test
    void hs256AssertionWithThePreviousSecretWorksDuringItsGracePeriod() {
        String admin = Admin.token();
        Admin.as(admin).body("{\"previous\": {\"expiresAt\": \"" + clock.instant().plus(Duration.ofHours(1)) + "\"}}")
                .post("/v1/environments/" + env.id + "/applications/" + secretJwtApp.clientId() + "/secret")
                .then().statusCode(200);
        token(hmac(claims(secretJwtApp.clientId(), tokenEndpoint(), clock), secretJwtApp.secret(), "HS256"))
                .then().statusCode(200);
        String fresh = Api.secret(admin, env.id.toString(), secretJwtApp.clientId());
        token(hmac(claims(secretJwtApp.clientId(), tokenEndpoint(), clock), fresh, "HS256")).then().statusCode(200);
    }

    @Test
    void clientIdParameterNamingTheSameClientIsAccepted() {
        String assertion = sign(claims(keyApp, tokenEndpoint(), clock), rsa, "RS256");
        formRequest().body(form(assertion, "grant_type=client_credentials&client_id=" + keyApp))
                .post(tokenPath()).then().statusCode(200);
    }

    // --- Refusals: always 401 invalid_client, with no hint of the reason ---

    @Test
    void replayedAssertionIsRefused() {
        String assertion = sign(claims(keyApp, tokenEndpoint(), clock), rsa, "RS256");
        token(assertion).then().statusCode(200);
        assertRefused(token(assertion));
    }

    @Test
    void replayedHmacAssertionIsRefused() {
        String assertion = hmac(claims(secretJwtApp.clientId(), tokenEndpoint(), clock), secretJwtApp.secret(), "HS256");
        token(assertion).then().statusCode(200);
        assertRefused(token(assertion));
    }

    @Test
    void expiredAssertionIsRefused() {
        JwtClaims claims = claims(keyApp, tokenEndpoint(), clock);
        claims.setExpirationTime(NumericDate.fromSeconds(clock.instant().minusSeconds(120).getEpochSecond()));
        claims.setIssuedAt(NumericDate.fromSeconds(clock.instant().minusSeconds(400).getEpochSecond()));
        assertRefused(token(sign(claims, rsa, "RS256")));
    }

    @Test
    void assertionPresentedAfterItsExpiryIsRefused() {
        String assertion = sign(claims(keyApp, tokenEndpoint(), clock), rsa, "RS256");
        clock.advance(Duration.ofMinutes(10));
        assertRefused(token(assertion));
    }

    @Test
    void assertionValidForMoreThanAnHourIsRefused() {
        JwtClaims claims = claims(keyApp, tokenEndpoint(), clock);
        claims.setExpirationTime(NumericDate.fromSeconds(clock.instant().plus(Duration.ofMinutes(90)).getEpochSecond()));
        assertRefused(token(sign(claims, rsa, "RS256")));
    }

    @Test
    void assertionWithoutExpIsRefused() {
        JwtClaims claims = claims(keyApp, tokenEndpoint(), clock);
        claims.unsetClaim("exp");
        assertRefused(token(sign(claims, rsa, "RS256")));
    }

    @Test
    void assertionWithoutJtiIsRefused() {
        JwtClaims claims = claims(keyApp, tokenEndpoint(), clock);
        claims.unsetClaim("jti");
        assertRefused(token(sign(claims, rsa, "RS256")));
    }

    @Test
    void wrongAudienceIsRefused() {
        assertRefused(token(sign(claims(keyApp, "https://elsewhere.example/token", clock), rsa, "RS256")));
        // The token endpoint of another environment is another audience too.
        String other = config.issuer(fixtures.environment().id) + "/token";
        assertRefused(token(sign(claims(keyApp, other, clock), rsa, "RS256")));
    }

    @Test
    void unknownKidIsRefused() {
        PublicJsonWebKey stranger = ClientAssertions.rsaKey("rsa-unknown");
        assertRefused(token(sign(claims(keyApp, tokenEndpoint(), clock), stranger, "RS256")));
    }

    @Test
    void unregisteredKeyUnderARegisteredKidIsRefused() {
        PublicJsonWebKey impostor = ClientAssertions.rsaKey("rsa-1");
        assertRefused(token(sign(claims(keyApp, tokenEndpoint(), clock), impostor, "RS256")));
    }

    @Test
    void hsAssertionForAPrivateKeyJwtAppIsRefused() {
        // The application has a secret like every application; it still may not MAC assertions with it.
        String secret = Api.secret(Admin.token(), env.id.toString(), keyApp);
        assertRefused(token(hmac(claims(keyApp, tokenEndpoint(), clock), secret, "HS256")));
    }

    @Test
    void signedAssertionForAClientSecretJwtAppIsRefused() {
        assertRefused(token(sign(claims(secretJwtApp.clientId(), tokenEndpoint(), clock), rsa, "RS256")));
    }

    @Test
    void hmacWithAWrongSecretIsRefused() {
        assertRefused(token(hmac(claims(secretJwtApp.clientId(), tokenEndpoint(), clock),
                "x".repeat(64), "HS256")));
    }

    @Test
    void hsAssertionForASecretBasicAppIsRefused() {
        CreatedApp basicApp = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, basicApp.app().id, orders, "orders:read");
        assertRefused(token(hmac(claims(basicApp.clientId(), tokenEndpoint(), clock), basicApp.secret(), "HS256")));
    }

    @Test
    void issuerAndSubjectMustBothBeTheClient() {
        JwtClaims claims = claims(keyApp, tokenEndpoint(), clock);
        claims.setSubject(secretJwtApp.clientId());
        assertRefused(token(sign(claims, rsa, "RS256")));
    }

    @Test
    void clientIdParameterNamingAnotherClientIsRefused() {
        String assertion = sign(claims(keyApp, tokenEndpoint(), clock), rsa, "RS256");
        assertRefused(formRequest().body(form(assertion, "grant_type=client_credentials&client_id=" + secretJwtApp.clientId()))
                .post(tokenPath()));
    }

    @Test
    void unsignedAssertionIsRefused() {
        JwtClaims claims = claims(keyApp, tokenEndpoint(), clock);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8)) + ".";
        assertRefused(token(none));
    }

    @Test
    void tamperedAssertionIsRefused() {
        String assertion = sign(claims(keyApp, tokenEndpoint(), clock), rsa, "RS256");
        String[] parts = assertion.split("\\.");
        JwtClaims other = claims(secretJwtApp.clientId(), tokenEndpoint(), clock);
        String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(other.toJson().getBytes(StandardCharsets.UTF_8));
        assertRefused(token(parts[0] + "." + forgedPayload + "." + parts[2]));
    }

    @Test
    void anotherAssertionTypeIsNotAClientCredential() {
        String assertion = sign(claims(keyApp, tokenEndpoint(), clock), rsa, "RS256");
        assertRefused(formRequest().body("grant_type=client_credentials&client_assertion_type=urn:example:other&client_assertion=" + assertion)
                .post(tokenPath()));
    }

    @Test
    void assertionAndSecretTogetherAreTwoMethods() {
        String assertion = hmac(claims(secretJwtApp.clientId(), tokenEndpoint(), clock), secretJwtApp.secret(), "HS256");
        formRequest().body(form(assertion, "grant_type=client_credentials&client_id=" + secretJwtApp.clientId()
                        + "&client_secret=" + secretJwtApp.secret()))
                .post(tokenPath()).then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void disabledApplicationIsRefused() {
        fixtures.disable(env.id, UUID.fromString(keyApp));
        assertRefused(token(sign(claims(keyApp, tokenEndpoint(), clock), rsa, "RS256")));
    }

    @Test
    void anUnreachableJwksUrlFailsAuthenticationNotTheServer() {
        // Nothing listens on the discard port: the fetch fails at once, and the request is an ordinary refusal.
        String remote = Admin.as(Admin.token()).body("""
                {"name": "remote", "enabled": true, "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod": "PRIVATE_KEY_JWT", "jwksUrl": "https://127.0.0.1:9/jwks.json"}
                """).post("/v1/environments/" + env.id + "/applications").then().statusCode(201).extract().path("id");
        fixtures.grant(env.id, UUID.fromString(remote), orders, "orders:read");
        assertRefused(token(sign(claims(remote, tokenEndpoint(), clock), rsa, "RS256")));
    }

    private Response token(String assertion) {
        return formRequest().body(form(assertion, "grant_type=client_credentials")).post(tokenPath());
    }

    private static void assertRefused(Response response) {
        response.then().statusCode(401)
                .header("WWW-Authenticate", nullValue())
                .body("error", equalTo("invalid_client"))
                .body("error_description", equalTo("Client authentication failed"));
    }

    private String tokenPath() {
        return "/" + env.id + "/as/token";
    }

    private String issuer() {
        return config.issuer(env.id);
    }

    private String tokenEndpoint() {
        return issuer() + "/token";
    }
}
