package io.portcullis.management;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.support.Admin;
import io.portcullis.support.Jwts;
import io.portcullis.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A new user's first hour, over HTTP only: bootstrap token, environment, resource and scopes,
 * application, grant, secret, token, rotation with a grace period, and the grace running out.
 */
@QuarkusTest
class ManagementWalkthroughTest {

    @Inject
    TestClock clock;

    @Inject
    PortcullisConfig config;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void fromBootstrapToRotatedSecret() throws Exception {
        // 1. the bootstrap worker's management token (client_secret_basic)
        String admin = Admin.token();

        // 2. an environment
        String env = Admin.as(admin).body("{\"name\":\"payments-" + UUID.randomUUID() + "\"}").post("/v1/environments")
                .then().statusCode(201).extract().path("id");

        // 3. a resource with two scopes
        String resource = Admin.as(admin).body("{\"name\":\"orders-api\",\"audience\":\"https://orders.example.com\",\"accessTokenValiditySeconds\":900}")
                .post("/v1/environments/" + env + "/resources")
                .then().statusCode(201).body("audience", equalTo("https://orders.example.com")).extract().path("id");
        String read = Admin.as(admin).body("{\"name\":\"orders:read\"}").post("/v1/environments/" + env + "/resources/" + resource + "/scopes")
                .then().statusCode(201).extract().path("id");
        String write = Admin.as(admin).body("{\"name\":\"orders:write\"}").post("/v1/environments/" + env + "/resources/" + resource + "/scopes")
                .then().statusCode(201).extract().path("id");

        // 4. an application using client_secret_basic
        String app = Admin.as(admin).body("""
                {"name":"billing-worker","enabled":true,"type":"WORKER","protocol":"OPENID_CONNECT",
                 "grantTypes":["CLIENT_CREDENTIALS"],"tokenEndpointAuthMethod":"CLIENT_SECRET_BASIC"}""")
                .post("/v1/environments/" + env + "/applications").then().statusCode(201).extract().path("id");

        // 5. a grant of both scopes
        Admin.as(admin).body("{\"resource\":{\"id\":\"" + resource + "\"},\"scopes\":[{\"id\":\"" + read + "\"},{\"id\":\"" + write + "\"}]}")
                .post("/v1/environments/" + env + "/applications/" + app + "/grants").then().statusCode(201);

        // 6. its secret
        String secretPath = "/v1/environments/" + env + "/applications/" + app + "/secret";
        String secret = Admin.as(admin).get(secretPath).then().statusCode(200).extract().path("secret");

        // 7. a token from the new environment with the right audience and scope
        String token = tokenWith(env, app, secret, "orders:read").then().statusCode(200)
                .body("expires_in", equalTo(900)).body("scope", equalTo("orders:read")).extract().path("access_token");
        JwtClaims claims = Jwts.verify(env, token, config.issuer(UUID.fromString(env)), "https://orders.example.com");
        assertThat(claims.getClaimValueAsString("scope")).isEqualTo("orders:read");
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(app);
        tokenWith(env, app, secret, null).then().statusCode(200).body("scope", equalTo("orders:read orders:write"));

        // 8. rotation with a one-hour grace period: both secrets work
        String expiresAt = clock.instant().plus(Duration.ofHours(1)).toString();
        String fresh = Admin.as(admin).body("{\"previous\":{\"expiresAt\":\"" + expiresAt + "\"}}").post(secretPath)
                .then().statusCode(200).body("previous.secret", equalTo(secret)).extract().path("secret");
        tokenWith(env, app, secret, null).then().statusCode(200);
        tokenWith(env, app, fresh, null).then().statusCode(200);

        // 9. the grace period passes: only the new secret works
        clock.advance(Duration.ofMinutes(61));
        tokenWith(env, app, secret, null).then().statusCode(401).body("error", equalTo("invalid_client"));
        tokenWith(env, app, fresh, null).then().statusCode(200);
    }

    private static io.restassured.response.Response tokenWith(String env, String clientId, String secret, String scope) {
        return given().auth().preemptive().basic(clientId, secret).contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials" + (scope == null ? "" : "&scope=" + scope))
                .post("/" + env + "/as/token");
    }
}
