package io.portcullis.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.portcullis.support.Admin;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The size limits of application.properties over HTTP: a body declared over 64 KiB is refused with
 * 413 before it is read, in each API's own error format; headers over 16 KiB get the HTTP layer's
 * 431; and nothing is created by a refused request.
 */
@QuarkusTest
class RequestLimitsTest {

    private static final String OVERSIZED = "x".repeat(70 * 1024);

    @Test
    void anOversizedManagementBodyIs413InPingOnesFormatAndCreatesNothing() {
        String admin = Admin.token();
        int before = given().header("Authorization", "Bearer " + admin).get("/v1/environments")
                .then().statusCode(200).extract().path("count");
        given().header("Authorization", "Bearer " + admin).contentType("application/json")
                .body("{\"name\":\"" + OVERSIZED + "\"}")
                .post("/v1/environments")
                .then().statusCode(413)
                .header("Cache-Control", "no-store")
                .body("code", equalTo("INVALID_REQUEST"))
                .body("message", startsWith("The request body is larger than"));
        int after = given().header("Authorization", "Bearer " + admin).get("/v1/environments")
                .then().statusCode(200).extract().path("count");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void anOversizedTokenRequestIs413InOAuthFormat() {
        given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&scope=" + OVERSIZED)
                .post("/" + Admin.environmentId() + "/as/token")
                .then().statusCode(413)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void oversizedHeadersAre431() {
        given().header("X-Padding", "y".repeat(17 * 1024))
                .get("/" + Admin.environmentId() + "/as/jwks")
                .then().statusCode(431);
    }
}
