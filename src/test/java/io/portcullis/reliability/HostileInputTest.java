package io.portcullis.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.environment.Environment;
import io.portcullis.support.Admin;
import io.portcullis.support.DatabaseSnapshot;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.HostileInput;
import io.portcullis.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile input against the token endpoint and the management API (a seeded fuzz: the
 * seed is printed with any failure and can be replayed with {@code -Dportcullis.fuzz.seed=}).
 * Whatever arrives, the answer is a 4xx in the contract's error format, never a 5xx, never a
 * token, and a refused request changes nothing in the database.
 */
@QuarkusTest
class HostileInputTest {

    static final int TRIES = 200;
    static final long SEED = Long.getLong("portcullis.fuzz.seed", 6749L);

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    TestClock clock;

    Environment env;
    CreatedApp app;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @BeforeEach
    void setUp() {
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        env = fixtures.environment();
        var orders = fixtures.resource(env.id, "orders", null, "orders:read");
        app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, app.app().id, orders, "orders:read");
    }

    @Test
    void tokenEndpointRefusesEveryHostileRequestCleanly() throws Exception {
        HostileInput input = new HostileInput(SEED);
        Map<String, String> before = DatabaseSnapshot.withoutActivities(dataSource);
        List<String> names = List.of("grant_type", "client_id", "client_secret", "scope", "client_assertion", "audience");
        // java.net.http rather than RestAssured: the body goes out byte for byte, broken encodings included.
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < TRIES; i++) {
            String environment = input.chance(70) ? env.id.toString() : input.pathSegment(env.id.toString());
            byte[] body = input.formBody(names);
            if (input.chance(30)) {
                // the right client id, a wrong secret: must never pass
                body = ("grant_type=client_credentials&client_id=" + app.clientId() + "&client_secret="
                        + HostileInput.encode(input.string())).getBytes(StandardCharsets.UTF_8);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/" + environment + "/as/token"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = input.chance(85) ? "application/x-www-form-urlencoded"
                    : input.pick(List.of("application/json", "text/plain", "multipart/form-data; boundary=x",
                            "application/x-www-form-urlencoded; charset=" + headerSafe(input.string()), ""));
            if (!contentType.isEmpty()) {
                request.header("Content-Type", contentType);
            }
            String authorization = authorization(input);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String replay = "seed " + SEED + ", try " + i + ": " + response.statusCode() + " " + response.body();
            assertThat(response.statusCode()).as(replay).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(replay).startsWith("application/json");
            JsonNode error = json.readTree(response.body());
            assertThat(error.path("error").isTextual()).as(replay).isTrue();
            assertThat(error.has("access_token")).as(replay).isFalse();
        }
        // Nothing changed but the audit record of the lockout the wrong secrets caused (BruteForceTest).
        assertThat(DatabaseSnapshot.withoutActivities(dataSource)).as("seed " + SEED).isEqualTo(before);
        Admin.as(Admin.token()).get("/v1/environments/" + env.id + "/activities").then().statusCode(200)
                .body("_embedded.activities.action.type", everyItem(equalTo("CLIENT_AUTHENTICATION.LOCKED")));
        // and the application is served again once its cooling period is over
        clock.advance(Duration.ofMinutes(6));
        given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + app.clientId() + "&client_secret=" + app.secret())
                .post("/" + env.id + "/as/token").then().statusCode(200);
    }

    @Test
    void managementApiRefusesEveryHostileRequestCleanly() {
        HostileInput input = new HostileInput(SEED + 1);
        String admin = Admin.token();
        String roleId = UUID.randomUUID().toString();
        Map<String, String> before = DatabaseSnapshot.of(dataSource);
        for (int i = 0; i < TRIES; i++) {
            String envId = input.pathSegment(env.id.toString());
            String appId = input.pathSegment(app.clientId());
            String path = input.pick(List.of(
                    "/v1/environments",
                    "/v1/environments/" + envId,
                    "/v1/environments/" + envId + "/applications",
                    "/v1/environments/" + envId + "/applications/" + appId,
                    "/v1/environments/" + envId + "/applications/" + appId + "/secret",
                    "/v1/environments/" + envId + "/applications/" + appId + "/roleAssignments",
                    "/v1/environments/" + envId + "/applications/" + appId + "/roleAssignments/" + input.pathSegment(roleId),
                    "/v1/environments/" + envId + "/applications/" + appId + "/grants",
                    "/v1/environments/" + envId + "/applications/" + appId + "/grants/" + input.pathSegment(roleId),
                    "/v1/environments/" + envId + "/applications/" + appId + "/tokenRevocation",
                    "/v1/environments/" + envId + "/activities",
                    "/v1/environments/" + envId + "/resources",
                    "/v1/environments/" + envId + "/resources/" + input.pathSegment(roleId),
                    "/v1/environments/" + envId + "/resources/" + input.pathSegment(roleId) + "/scopes",
                    "/v1/environments/" + envId + "/resources/" + input.pathSegment(roleId) + "/scopes/" + input.pathSegment(roleId),
                    "/v1/environments/" + envId + "/keys",
                    "/v1/environments/" + envId + "/keys/" + input.pathSegment(roleId)));
            if (input.chance(30)) {
                String limit = input.chance(50) ? HostileInput.encode(input.string()) : String.valueOf(input.random().nextInt());
                path += "?limit=" + limit + (input.chance(30) ? "&limit=2" : "") + "&cursor=" + HostileInput.encode(input.string());
            }
            String method = input.pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH"));
            if (method.equals("DELETE") && (path.endsWith("/" + env.id) || path.endsWith("/" + app.clientId()))) {
                method = "GET"; // deleting the fixture would only make the later tries less interesting
            }
            RequestSpecification request = given().urlEncodingEnabled(false);
            if (input.chance(90)) {
                request.header("Authorization", "Bearer " + admin);
            } else if (input.chance(50)) {
                request.header("Authorization", "Bearer " + headerSafe(input.string()));
            }
            if (!method.equals("GET") && !method.equals("DELETE")) {
                request.header("Content-Type", input.chance(90) ? "application/json" : input.pick(List.of("text/plain", "application/xml")));
                request.body(input.jsonBody(json));
            }
            Response response = request.request(method, path);
            String replay = "seed " + (SEED + 1) + ", try " + i + ": " + method + " " + path + " -> " + response.statusCode()
                    + " " + response.asString();
            assertThat(response.statusCode()).as(replay).isLessThan(500);
            if (response.statusCode() >= 400) {
                assertThat(response.contentType()).as(replay).startsWith("application/json");
                assertThat((Object) response.path("code")).as(replay).isInstanceOf(String.class);
                assertThat((Object) response.path("id")).as(replay).isInstanceOf(String.class);
                assertThat(response.asString()).as(replay).doesNotContain("Exception").doesNotContain("\tat ");
                assertThat(DatabaseSnapshot.of(dataSource)).as(replay).isEqualTo(before);
            } else {
                before = DatabaseSnapshot.of(dataSource); // a valid request may change things; later ones must not
            }
        }
        // the service still works, and the tables injection strings talked about are all there
        // (a snapshot reads every one of them and fails on a missing table)
        Admin.as(admin).get("/v1/environments/" + env.id + "/applications/" + app.clientId()).then().statusCode(200);
        assertThatCode(() -> DatabaseSnapshot.of(dataSource)).doesNotThrowAnyException();
    }

    private static String baseUrl() {
        return "http://localhost:" + RestAssured.port;
    }

    /** What a header value may hold: visible ASCII and spaces. */
    private static String headerSafe(String value) {
        return value.replaceAll("[^\\x20-\\x7e]", "");
    }

    private static String authorization(HostileInput input) {
        return switch (input.random().nextInt(6)) {
            case 0 -> null;
            case 1 -> "Basic " + Base64.getEncoder().encodeToString(input.string().getBytes(StandardCharsets.UTF_8));
            case 2 -> {
                byte[] bytes = new byte[input.random().nextInt(64)];
                input.random().nextBytes(bytes);
                yield "Basic " + Base64.getEncoder().encodeToString(bytes);
            }
            case 3 -> "Basic " + headerSafe(input.string());
            case 4 -> "Basic " + Base64.getEncoder().encodeToString(("x".repeat(3000) + ":" + input.string()).getBytes(StandardCharsets.UTF_8));
            default -> "Bearer " + headerSafe(input.string());
        };
    }
}
