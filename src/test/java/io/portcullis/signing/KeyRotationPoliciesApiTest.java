package io.portcullis.signing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.portcullis.application.ApplicationService;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.support.Admin;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.TestClock;
import io.portcullis.support.TokenRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/environments/{envID}/keyRotationPolicies} over HTTP, in PingOne's shape, and applications' {@code signing}. */
@QuarkusTest
class KeyRotationPoliciesApiTest {

    /**
     * The body of PingOne's "Update Key Rotation Policy" example (PingOne Platform API reference,
     * certificate-management/key-rotation-policies), also what pingone-go-sdk-v2's
     * KeyRotationPolicy.ToMap (management/model_key_rotation_policy.go) writes.
     */
    static final String PINGONE_BODY = """
            {"name": "%s",
             "dn": "CN=Test Key Rotation Policy, OU=Ping Identity, O=Ping Identity, L=, ST=, C=US",
             "algorithm": "RSA", "keyLength": 2048, "validityPeriod": 365,
             "signatureAlgorithm": "SHA256withRSA", "usageType": "SIGNING", "rotationPeriod": 120}""";

    static final String[] POLICY_FIELDS = {"_links", "id", "environment", "name", "usageType", "default", "dn", "algorithm",
        "keyLength", "validityPeriod", "signatureAlgorithm", "rotationPeriod", "currentKeyId", "nextKeyId", "rotatedAt"};

    @Inject
    Fixtures fixtures;

    @Inject
    ApplicationService applications;

    @Inject
    TestClock clock;

    String token;
    UUID envId;
    String env;
    String base;

    @BeforeEach
    void setUp() {
        token = Admin.token();
        envId = fixtures.environment().id;
        env = envId.toString();
        base = "/v1/environments/" + env + "/keyRotationPolicies";
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void everyEnvironmentHasADefaultPolicyWhoseKeysArePublished() {
        Response list = Admin.as(token).get(base);
        list.then().statusCode(200).body("count", equalTo(1))
                .body("_embedded.keyRotationPolicies[0].default", equalTo(true))
                .body("_embedded.keyRotationPolicies[0].rotationPeriod", equalTo(90))
                .body("_embedded.keyRotationPolicies[0].validityPeriod", equalTo(365))
                .body("_embedded.keyRotationPolicies[0].algorithm", equalTo("RSA"))
                .body("_embedded.keyRotationPolicies[0].signatureAlgorithm", equalTo("SHA256withRSA"));
        assertThat(list.jsonPath().getMap("_embedded.keyRotationPolicies[0]")).containsOnlyKeys(POLICY_FIELDS);
        String current = list.path("_embedded.keyRotationPolicies[0].currentKeyId");
        String next = list.path("_embedded.keyRotationPolicies[0].nextKeyId");
        List<String> kids = given().get("/" + env + "/as/jwks").then()
                .header("Cache-Control", "public, max-age=" + KeyRotation.JWKS_MAX_AGE.toSeconds())
                .extract().path("keys.kid");
        assertThat(kids).contains(current, next);
        // policy keys are not keys of /keys (PingOne's KrpKeys are not key resources)
        Admin.as(token).get("/v1/environments/" + env + "/keys").then().body("count", equalTo(1))
                .body("_embedded.keys.id", not(hasItem(current)));
        // a new application signs with the default policy's current key
        CreatedApp app = app();
        assertThat(CachingResourceServer.kid(TokenRequests.token(env, app, null))).isEqualTo(current);
        Admin.as(token).get("/v1/environments/" + env + "/applications/" + app.clientId()).then()
                .body("signing.keyRotationPolicy.id", equalTo(list.path("_embedded.keyRotationPolicies[0].id")));
    }

    @Test
    void createReadUpdateRoundTripDelete() {
        Response created = Admin.as(token).body(PINGONE_BODY.formatted("Test Key Rotation Policy")).post(base);
        created.then().statusCode(201)
                .body("name", equalTo("Test Key Rotation Policy"))
                .body("default", equalTo(false))
                .body("rotationPeriod", equalTo(120))
                .body("currentKeyId", notNullValue())
                .body("nextKeyId", notNullValue())
                .body("rotatedAt", notNullValue())
                .body("environment.id", equalTo(env))
                .body("_links.environment.href", equalTo("http://localhost:8080/v1/environments/" + env));
        String id = created.path("id");
        assertThat(created.header("Location")).isEqualTo("http://localhost:8080" + base + "/" + id);
        assertThat(created.jsonPath().getMap("")).containsOnlyKeys(POLICY_FIELDS);

        // GET then PUT of what was read, changed: read-only fields come back and are ignored
        Map<String, Object> read = Admin.as(token).get(base + "/" + id).then().statusCode(200).extract().jsonPath().getMap("");
        read.put("rotationPeriod", 60);
        read.put("name", "Renamed");
        Admin.as(token).body(read).put(base + "/" + id).then().statusCode(200)
                .body("rotationPeriod", equalTo(60)).body("name", equalTo("Renamed"))
                .body("currentKeyId", equalTo(created.path("currentKeyId")));
        Admin.as(token).get(base).then().body("count", equalTo(2));

        Admin.as(token).delete(base + "/" + id).then().statusCode(204);
        Admin.as(token).get(base + "/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        List<String> kids = given().get("/" + env + "/as/jwks").then().extract().path("keys.kid");
        assertThat(kids).doesNotContain((String) created.path("currentKeyId"));
    }

    /** PingOne's rules: at most five policies; the default one and one in use stay; periods within bounds. */
    @Test
    void pingOnesRulesAreKept() {
        String defaultId = Admin.as(token).get(base).path("_embedded.keyRotationPolicies[0].id");
        Admin.as(token).delete(base + "/" + defaultId).then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));

        String used = Admin.as(token).body(PINGONE_BODY.formatted("used")).post(base).then().statusCode(201).extract().path("id");
        CreatedApp app = app();
        Admin.as(token).body(application(app, used)).put("/v1/environments/" + env + "/applications/" + app.clientId())
                .then().statusCode(200).body("signing.keyRotationPolicy.id", equalTo(used));
        Admin.as(token).delete(base + "/" + used).then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));

        Admin.as(token).body(PINGONE_BODY.formatted("used")).post(base).then().statusCode(409);
        for (int i = 3; i <= KeyRotation.MAX_POLICIES; i++) {
            Admin.as(token).body(PINGONE_BODY.formatted("p" + i)).post(base).then().statusCode(201);
        }
        Admin.as(token).body(PINGONE_BODY.formatted("sixth")).post(base).then().statusCode(400)
                .body("code", equalTo("INVALID_REQUEST"));

        String fresh = fixtures.environment().id.toString();
        String freshBase = "/v1/environments/" + fresh + "/keyRotationPolicies";
        for (String bad : List.of(
                PINGONE_BODY.formatted("x").replace("\"rotationPeriod\": 120", "\"rotationPeriod\": 29"),
                PINGONE_BODY.formatted("x").replace("\"rotationPeriod\": 120", "\"rotationPeriod\": 365"),
                PINGONE_BODY.formatted("x").replace("\"keyLength\": 2048", "\"keyLength\": 1024"),
                PINGONE_BODY.formatted("x").replace("\"algorithm\": \"RSA\"", "\"algorithm\": \"EC\""),
                PINGONE_BODY.formatted("x").replace("\"usageType\": \"SIGNING\"", "\"usageType\": \"ENCRYPTION\""),
                PINGONE_BODY.formatted("x").replace("\"name\"", "\"unknownField\": 1, \"name\""),
                "{\"name\":\"x\"}")) {
            Admin.as(token).body(bad).post(freshBase).then().statusCode(400).body("code", equalTo("INVALID_DATA"));
        }
        Admin.as(token).get(freshBase).then().body("count", equalTo(1));
    }

    /** A policy created later publishes its first key a cache lifetime before it signs; until then the default key signs. */
    @Test
    void anApplicationOnANewPolicySignsWithItOnlyAfterItsKeyWasPublished() {
        Response created = Admin.as(token).body(PINGONE_BODY.formatted("later")).post(base).then().statusCode(201).extract().response();
        String policy = created.path("id");
        String firstKey = created.path("currentKeyId");
        CreatedApp app = app();
        Admin.as(token).body(application(app, policy)).put("/v1/environments/" + env + "/applications/" + app.clientId())
                .then().statusCode(200);
        assertThat(CachingResourceServer.kid(TokenRequests.token(env, app, null))).isNotEqualTo(firstKey);
        clock.advance(KeyRotation.PRE_PUBLICATION);
        assertThat(CachingResourceServer.kid(TokenRequests.token(env, app, null))).isEqualTo(firstKey);
        token = Admin.token(); // the clock moved past the first management token's expiry
        // a policy of another environment cannot be named
        String other = fixtures.environment().id.toString();
        String otherPolicy = Admin.as(token).get("/v1/environments/" + other + "/keyRotationPolicies")
                .path("_embedded.keyRotationPolicies[0].id");
        Admin.as(token).body(application(app, otherPolicy)).put("/v1/environments/" + env + "/applications/" + app.clientId())
                .then().statusCode(400).body("details[0].target", equalTo("signing.keyRotationPolicy.id"));
    }

    /** After a compromise: every key of the policy leaves the JWKS at once, and a fresh key signs immediately. */
    @Test
    void aCompromisedPolicyRotatesAtOnceAndWithdrawsItsKeys() {
        Map<String, Object> before = Admin.as(token).get(base).jsonPath().getMap("_embedded.keyRotationPolicies[0]");
        CreatedApp app = app();
        String old = TokenRequests.token(env, app, null);
        assertThat(CachingResourceServer.kid(old)).isEqualTo(before.get("currentKeyId"));

        Response rotated = Admin.as(token).post(base + "/" + before.get("id") + "/rotation?compromised=true");
        rotated.then().statusCode(200);
        List<String> kids = given().get("/" + env + "/as/jwks").then().extract().path("keys.kid");
        assertThat(kids).doesNotContain((String) before.get("currentKeyId"), (String) before.get("nextKeyId"))
                .contains((String) rotated.path("currentKeyId"), (String) rotated.path("nextKeyId"));
        assertThat(CachingResourceServer.kid(TokenRequests.token(env, app, null))).isEqualTo(rotated.path("currentKeyId"));
        // the token signed by the withdrawn key no longer verifies against the JWKS
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CachingResourceServer(env, clock).verify(old))
                .isInstanceOf(AssertionError.class);

        // a planned early rotation: the next key (published since) becomes current, the old current stays published
        Response early = Admin.as(token).post(base + "/" + before.get("id") + "/rotation");
        early.then().statusCode(200).body("currentKeyId", equalTo(rotated.path("nextKeyId")));
        assertThat(given().get("/" + env + "/as/jwks").then().extract().<List<String>>path("keys.kid"))
                .contains((String) rotated.path("currentKeyId"));
    }

    /** Policies need WRITE_KEYS to change; a developer may only look. */
    @Test
    void changingPoliciesNeedsTheKeysPermission() {
        String id = Admin.as(token).get(base).path("_embedded.keyRotationPolicies[0].id");
        CreatedApp caller = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        applications.assignRole(envId, caller.app().id, "CLIENT_APPLICATION_DEVELOPER", "ENVIRONMENT", envId);
        String limited = Admin.token(env, caller.clientId(), caller.secret());
        Admin.as(limited).get(base).then().statusCode(200);
        Admin.as(limited).body(PINGONE_BODY.formatted("mine")).post(base).then().statusCode(403);
        Admin.as(limited).body(PINGONE_BODY.formatted("mine")).put(base + "/" + id).then().statusCode(403);
        Admin.as(limited).post(base + "/" + id + "/rotation?compromised=true").then().statusCode(403);
        given().get(base).then().statusCode(401);
        Admin.as(token).get(base + "/" + id).then().body("name", equalTo("Default Key Rotation Policy"));
    }

    /** An application granted a scope, so that it gets tokens. */
    private CreatedApp app() {
        CreatedApp app = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(envId, app.app().id, fixtures.resource(envId, "api-" + UUID.randomUUID(), null, "read"), "read");
        return app;
    }

    private static String application(CreatedApp app, String policyId) {
        return """
                {"name": "%s", "enabled": true, "type": "WORKER", "protocol": "OPENID_CONNECT",
                 "grantTypes": ["CLIENT_CREDENTIALS"], "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC",
                 "signing": {"keyRotationPolicy": {"id": "%s"}}}""".formatted(app.app().name, policyId);
    }
}
