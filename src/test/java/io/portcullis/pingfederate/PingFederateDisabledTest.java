package io.portcullis.pingfederate;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** With {@code portcullis.pingfederate.enabled=false} the root paths do not exist. */
@QuarkusTest
class PingFederateDisabledTest {

    @Test
    void theRootPathsAreNotFound() {
        given().contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials")
                .post("/as/token.oauth2").then().statusCode(404);
        given().get("/pf/JWKS").then().statusCode(404);
        given().get("/.well-known/openid-configuration").then().statusCode(404);
        given().header("X-XSRF-Header", "PingFederate").get("/pf-admin-api/v1/oauth/clients").then().statusCode(404);
    }
}
