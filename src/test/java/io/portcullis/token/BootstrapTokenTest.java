package io.portcullis.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.support.BootstrapClient;
import io.portcullis.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap worker's token flow over HTTP only, with no bean injected, so that the same tests
 * run against the packaged application (JVM or native) in {@link BootstrapTokenIT}.
 */
@QuarkusTest
class BootstrapTokenTest {

    static final String ISSUER_BASE = "http://localhost:8080/";
    static final String MANAGEMENT_AUDIENCE = "http://localhost:8080/v1";

    BootstrapClient bootstrap;

    @Test
    void clientSecretBasicIssuesAVerifiableToken() throws Exception {
        Response response = given()
                .contentType("application/x-www-form-urlencoded")
                .header("Authorization", basic(bootstrap.clientId() + ":" + bootstrap.clientSecret()))
                .body("grant_type=client_credentials")
                .post(bootstrap.tokenPath());
        response.then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"));
        JwtClaims claims = Jwts.verify(bootstrap.environmentId().toString(), response.path("access_token"),
                ISSUER_BASE + bootstrap.environmentId() + "/as", MANAGEMENT_AUDIENCE);
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(bootstrap.clientId().toString());
        assertThat(claims.getClaimValueAsString("env")).isEqualTo(bootstrap.environmentId().toString());
    }

    @Test
    void clientSecretPostIsAcceptedForTheBootstrapWorker() {
        given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + bootstrap.clientId()
                        + "&client_secret=" + bootstrap.clientSecret())
                .post(bootstrap.tokenPath())
                .then().statusCode(200).body("token_type", equalTo("Bearer"));
    }

    @Test
    void wrongSecretIsInvalidClientWithTheBasicRealm() {
        given().contentType("application/x-www-form-urlencoded")
                .header("Authorization", basic(bootstrap.clientId() + ":" + bootstrap.clientSecret() + "x"))
                .body("grant_type=client_credentials")
                .post(bootstrap.tokenPath())
                .then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"" + bootstrap.environmentId() + "\"")
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void discoveryNamesTheTokenEndpoint() {
        given().get("/" + bootstrap.environmentId() + "/as/.well-known/oauth-authorization-server")
                .then().statusCode(200)
                .body("issuer", equalTo(ISSUER_BASE + bootstrap.environmentId() + "/as"))
                .body("token_endpoint", equalTo(ISSUER_BASE + bootstrap.environmentId() + "/as/token"));
    }

    static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
