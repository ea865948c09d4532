package io.portcullis.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.portcullis.support.BootstrapClient;
import io.portcullis.support.ManagementInterface;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The operator's surface over HTTP: the health groups the probes in deploy/ use, and the
 * Prometheus metrics, both on the management interface and not on the public port. HTTP only, so
 * {@link OperationsIT} runs it against the packaged application.
 */
@QuarkusTest
class OperationsTest {

    BootstrapClient bootstrap;
    ManagementInterface management;

    @Test
    void healthGroupsAreUpAndReadinessChecksTheDatabase() {
        management.request().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        management.request().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management.request().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
    }

    @Test
    void healthAndMetricsAreNotOnThePublicPort() {
        // Metrics name environment ids: only the management interface serves them.
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live"}) {
            given().get(path).then().statusCode(404);
        }
        management.request().accept("text/plain").get("/q/metrics").then().statusCode(200);
        // The API description stays beside the API.
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200);
        management.request().get("/q/openapi").then().statusCode(404);
    }

    @Test
    void tokenOutcomesAreCountedByKnownEnvironmentAndError() {
        String known = bootstrap.environmentId().toString();
        String madeUp = UUID.randomUUID().toString();
        double issuedBefore = sample(metrics(), "portcullis_tokens_issued_total", "environment=\"" + known + "\"");
        double refusedBefore = sample(metrics(),
                "portcullis_tokens_refused_total", "environment=\"unknown\",error=\"invalid_client\"");

        given().contentType("application/x-www-form-urlencoded")
                .header("Authorization", basic(bootstrap.clientId() + ":" + bootstrap.clientSecret()))
                .body("grant_type=client_credentials")
                .post(bootstrap.tokenPath()).then().statusCode(200);
        given().contentType("application/x-www-form-urlencoded")
                .header("Authorization", basic(bootstrap.clientId() + ":" + bootstrap.clientSecret()))
                .body("grant_type=client_credentials")
                .post("/" + madeUp + "/as/token").then().statusCode(401);

        String after = metrics();
        assertThat(sample(after, "portcullis_tokens_issued_total", "environment=\"" + known + "\""))
                .isEqualTo(issuedBefore + 1);
        assertThat(sample(after, "portcullis_tokens_refused_total", "environment=\"unknown\",error=\"invalid_client\""))
                .isEqualTo(refusedBefore + 1);
        assertThat(after).as("a made-up environment id never becomes a tag").doesNotContain(madeUp);
        assertThat(after).contains("portcullis_token_request_seconds_bucket{outcome=\"issued\"");
        assertThat(sample(after, "portcullis_directory_environments", "")).isGreaterThanOrEqualTo(1);
        assertThat(sample(after, "portcullis_keyring_environments", "")).isGreaterThanOrEqualTo(1);
        assertThat(after).containsPattern("(?m)^portcullis_change_notification_lag_seconds_count [0-9.eE+-]+$");
        assertThat(after).containsPattern("(?m)^portcullis_change_check_age_seconds [0-9.eE+-]+$");
    }

    private String metrics() {
        return management.metrics();
    }

    static double sample(String exposition, String name, String labels) {
        return ManagementInterface.sample(exposition, name, labels);
    }

    static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
