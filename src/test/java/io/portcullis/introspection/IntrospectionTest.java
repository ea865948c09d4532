package io.portcullis.introspection;

import static io.portcullis.support.Tokens.accessToken;
import static io.portcullis.support.Tokens.introspect;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Admin;
import io.portcullis.support.ClientAssertions;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.Jwts;
import io.portcullis.support.TestClock;
import io.portcullis.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /{envID}/as/introspect} (RFC 7662) over HTTP: what an active token shows, and every inactive kind. */
@QuarkusTest
class IntrospectionTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    @Inject
    TestClock clock;

    Environment env;
    CreatedResource orders;
    CreatedApp client;
    CreatedApp resourceServer;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        orders = fixtures.resource(env.id, "orders", 600, "orders:read", "orders:write");
        client = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, client.app().id, orders, "orders:read", "orders:write");
        // A resource server needs no grant to introspect: it is an application of the environment.
        resourceServer = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void onlyPostIsAllowed() {
        // RFC 7662 §2.1: POST; RFC 9110 §15.5.6: a 405 names the allowed methods.
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            given().contentType("application/x-www-form-urlencoded").body("token=x")
                    .request(method, "/" + envId() + "/as/introspect").then().statusCode(405).header("Allow", "POST")
                    .body("error", equalTo("invalid_request"));
        }
    }

    @Test
    void activeTokenShowsItsClaims() throws Exception {
        String token = accessToken(envId(), client, "&scope=orders:read");
        JwtClaims claims = Jwts.verify(envId(), token, config.issuer(env.id), "orders");
        Map<String, Object> body = introspect(envId(), resourceServer, token).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("client_id", equalTo(client.clientId()))
                .body("scope", equalTo("orders:read"))
                .body("aud", equalTo("orders"))
                .body("iss", equalTo(config.issuer(env.id)))
                .body("token_type", equalTo("Bearer"))
                .body("jti", equalTo(claims.getJwtId()))
                .extract().jsonPath().getMap("");
        assertThat(((Number) body.get("exp")).longValue()).isEqualTo(claims.getExpirationTime().getValue());
        assertThat(((Number) body.get("iat")).longValue()).isEqualTo(claims.getIssuedAt().getValue());
    }

    @Test
    void theClientMayIntrospectItsOwnToken() {
        introspect(envId(), client, accessToken(envId(), client, "")).then().statusCode(200).body("active", equalTo(true));
    }

    @Test
    void expiredTokenIsInactive() {
        String token = accessToken(envId(), client, "");
        clock.advance(Duration.ofSeconds(601));
        assertInactive(introspect(envId(), resourceServer, token));
    }

    @Test
    void revokedTokenIsInactive() {
        String token = accessToken(envId(), client, "");
        Tokens.revoke(envId(), client, token).then().statusCode(200);
        assertInactive(introspect(envId(), resourceServer, token));
    }

    @Test
    void tamperedTokenIsInactive() {
        assertInactive(introspect(envId(), resourceServer, Tokens.tampered(accessToken(envId(), client, ""))));
    }

    @Test
    void forgedTokenIsInactive() throws JoseException {
        // Same header (kid, alg) as a real token, same claims, signed by a key that is not the environment's.
        String real = accessToken(envId(), client, "");
        String[] parts = real.split("\\.");
        PublicJsonWebKey stranger = ClientAssertions.rsaKey("x");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue("RS256");
        jws.setPayload(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        jws.setKey(stranger.getPrivateKey());
        jws.getHeaders().setFullHeaderAsJsonString(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        String signature = jws.getCompactSerialization();
        assertThat(signature.split("\\.")[0]).isEqualTo(parts[0]);
        assertInactive(introspect(envId(), resourceServer, signature));
    }

    @Test
    void malformedTokensAreInactive() {
        for (String token : new String[] {"abc", "a.b.c", "....", "eyJhbGciOiJub25lIn0.e30.", "x".repeat(9000)}) {
            assertInactive(introspect(envId(), resourceServer, token));
        }
    }

    @Test
    void tokenOfAnotherEnvironmentIsInactive() {
        Environment other = fixtures.environment();
        CreatedResource otherOrders = fixtures.resource(other.id, "orders", null, "orders:read");
        CreatedApp stranger = fixtures.application(other.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(other.id, stranger.app().id, otherOrders, "orders:read");
        String foreign = accessToken(other.id.toString(), stranger, "");
        assertInactive(introspect(envId(), resourceServer, foreign));
        // ... and active in its own environment, so the refusal is about the environment.
        introspect(other.id.toString(), stranger, foreign).then().body("active", equalTo(true));
    }

    @Test
    void tokensIssuedBeforeTheApplicationsSwitchAreInactive() {
        String old = accessToken(envId(), client, "");
        String notBefore = Admin.as(Admin.token())
                .post("/v1/environments/" + env.id + "/applications/" + client.clientId() + "/tokenRevocation")
                .then().statusCode(200).extract().path("tokensNotBefore");
        assertThat(notBefore).isNotNull();
        assertInactive(introspect(envId(), resourceServer, old));
        clock.advance(Duration.ofSeconds(2)); // iat has one-second precision: the next second is after the switch
        introspect(envId(), resourceServer, accessToken(envId(), client, "")).then().body("active", equalTo(true));
    }

    @Test
    void tokenOfADeletedOrDisabledApplicationIsInactive() {
        String token = accessToken(envId(), client, "");
        fixtures.disable(env.id, client.app().id);
        assertInactive(introspect(envId(), resourceServer, token));
    }

    @Test
    void callerMustAuthenticate() {
        String token = accessToken(envId(), client, "");
        given().contentType("application/x-www-form-urlencoded").body("token=" + token)
                .post("/" + env.id + "/as/introspect")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().preemptive().basic(resourceServer.clientId(), "wrong-" + resourceServer.secret())
                .contentType("application/x-www-form-urlencoded").body("token=" + token)
                .post("/" + env.id + "/as/introspect")
                .then().statusCode(401).body("error", equalTo("invalid_client"))
                .header("WWW-Authenticate", "Basic realm=\"" + env.id + "\"");
    }

    @Test
    void applicationOfAnotherEnvironmentCannotIntrospect() {
        Environment other = fixtures.environment();
        CreatedApp stranger = fixtures.application(other.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        introspect(envId(), stranger, accessToken(envId(), client, "")).then().statusCode(401);
    }

    @Test
    void tokenParameterIsRequired() {
        Tokens.post(envId(), "introspect", resourceServer, "token_type_hint=access_token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void aPrivateKeyJwtResourceServerIntrospectsWithAnAssertionForTheIntrospectionEndpoint() {
        PublicJsonWebKey key = ClientAssertions.rsaKey("k1");
        String app = Admin.as(Admin.token()).body("""
                {"name": "rs", "enabled": true, "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod": "PRIVATE_KEY_JWT", "jwks": %s}
                """.formatted(ClientAssertions.publicJwks(key)))
                .post("/v1/environments/" + env.id + "/applications").then().statusCode(201).extract().path("id");
        JwtClaims claims = ClientAssertions.claims(app, config.issuer(env.id) + "/introspect", clock);
        claims.setExpirationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond() + 60));
        ClientAssertions.formRequest()
                .body(ClientAssertions.form(ClientAssertions.sign(claims, key, "RS256"), "token=" + accessToken(envId(), client, "")))
                .post("/" + env.id + "/as/introspect")
                .then().statusCode(200).body("active", equalTo(true));
    }

    private static void assertInactive(Response response) {
        Map<String, Object> body = response.then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(body).isEqualTo(Map.of("active", false));
    }

    private String envId() {
        return env.id.toString();
    }
}
