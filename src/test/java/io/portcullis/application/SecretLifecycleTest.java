package io.portcullis.application;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.portcullis.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading and rotating an application's secret over HTTP, with and without a grace period. */
@QuarkusTest
class SecretLifecycleTest {

    @Inject
    TestClock clock;

    String admin;
    String env;
    String app;
    String secretPath;

    @BeforeEach
    void setUp() {
        admin = Admin.token();
        env = Api.environment(admin);
        app = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, env, app, "READ_ONLY", env)).isEqualTo(201); // so it can get tokens
        secretPath = "/v1/environments/" + env + "/applications/" + app + "/secret";
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void everyResponseCarryingASecretForbidsCaching() {
        // RFC 9111 §5.2.2.5: no cache between the service and the caller may keep a secret.
        Admin.as(admin).get(secretPath).then().statusCode(200)
                .header("Cache-Control", "no-store").header("Pragma", "no-cache");
        Admin.as(admin).post(secretPath).then().statusCode(200)
                .header("Cache-Control", "no-store").header("Pragma", "no-cache");
        Admin.as(admin).body("{\"previous\":{\"expiresAt\":\"" + clock.instant().plus(Duration.ofHours(1)) + "\"}}")
                .post(secretPath).then().statusCode(200)
                .header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }

    @Test
    void secretIsLongAndUnreserved() {
        String secret = Api.secret(admin, env, app);
        assertThat(secret).hasSizeGreaterThanOrEqualTo(64).matches("[A-Za-z0-9._~-]+");
        assertThat(Api.tokenStatus(env, app, secret)).isEqualTo(200);
    }

    @Test
    void rotationWithoutGraceKillsTheOldSecretAtOnce() {
        String old = Api.secret(admin, env, app);
        String fresh = Admin.as(admin).post(secretPath).then().statusCode(200)
                .body("previous", nullValue()).extract().path("secret");
        assertThat(fresh).isNotEqualTo(old);
        assertThat(Api.tokenStatus(env, app, old)).isEqualTo(401);
        assertThat(Api.tokenStatus(env, app, fresh)).isEqualTo(200);
        Admin.as(admin).get(secretPath).then().body("secret", equalTo(fresh)).body("previous", nullValue());
    }

    @Test
    void rotationWithGraceKeepsBothUntilExpiry() {
        String old = Api.secret(admin, env, app);
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
        String fresh = Admin.as(admin).body("{\"previous\":{\"expiresAt\":\"" + expiresAt + "\"}}").post(secretPath)
                .then().statusCode(200)
                .body("previous.secret", equalTo(old))
                .body("previous.expiresAt", notNullValue())
                .extract().path("secret");
        assertThat(Api.tokenStatus(env, app, old)).isEqualTo(200);
        assertThat(Api.tokenStatus(env, app, fresh)).isEqualTo(200);

        clock.advance(Duration.ofHours(2));
        assertThat(Api.tokenStatus(env, app, old)).isEqualTo(401);
        assertThat(Api.tokenStatus(env, app, fresh)).isEqualTo(200);
        Admin.as(Admin.token()).get(secretPath).then().statusCode(200).body("previous", nullValue());
    }

    @Test
    void deletingThePreviousSecretEndsItsGraceAtOnce() {
        String old = Api.secret(admin, env, app);
        Instant expiresAt = clock.instant().plus(Duration.ofDays(1));
        Admin.as(admin).body("{\"previous\":{\"expiresAt\":\"" + expiresAt + "\"}}").post(secretPath).then().statusCode(200);
        assertThat(Api.tokenStatus(env, app, old)).isEqualTo(200);
        Admin.as(admin).delete(secretPath).then().statusCode(204);
        assertThat(Api.tokenStatus(env, app, old)).isEqualTo(401);
    }

    @Test
    void badGracePeriodsChangeNothing() {
        String before = Api.secret(admin, env, app);
        for (String body : new String[] {
                "{\"previous\":{\"expiresAt\":\"" + clock.instant().plusSeconds(30) + "\"}}",
                "{\"previous\":{\"expiresAt\":\"" + clock.instant().plus(Duration.ofDays(31)) + "\"}}",
                "{\"previous\":{\"expiresAt\":\"tomorrow\"}}",
                "{\"previous\":", "[1,2]"}) {
            Admin.as(admin).body(body).post(secretPath).then().statusCode(400).body("code", equalTo("INVALID_DATA"));
        }
        assertThat(Api.secret(admin, env, app)).isEqualTo(before);
        assertThat(Api.tokenStatus(env, app, before)).isEqualTo(200);
    }

    @Test
    void secretRoutesNeedAuthenticationAndExistingIds() {
        given().get(secretPath).then().statusCode(401);
        given().post(secretPath).then().statusCode(401);
        Admin.as(admin).get("/v1/environments/" + env + "/applications/" + java.util.UUID.randomUUID() + "/secret")
                .then().statusCode(404);
        Admin.as(admin).get("/v1/environments/" + env + "/applications/nope/secret").then().statusCode(404);
        // the application is not in the administrators' environment
        Admin.as(admin).get("/v1/environments/" + Admin.environmentId() + "/applications/" + app + "/secret")
                .then().statusCode(404);
    }
}
