package io.portcullis.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Eventually;
import io.portcullis.support.Race;
import io.portcullis.support.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged application, each its own process, started at the same moment on
 * one empty database, as a Deployment with two pods does: one bootstrap between them, changes made
 * on one served by the other, racing writes on both, and brute-force counts that add up across
 * them. The periodic change check is set to an hour, so only change notifications can carry a change
 * from one replica to the other while the test runs.
 */
class ReplicasIT {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final int CLIENT_LIMIT = 60;

    static TestDatabase database;
    static Map<String, String> config;
    static PackagedApplication first;
    static PackagedApplication second;
    static String a;
    static String b;

    String token;
    String env;

    @BeforeAll
    static void startTwoReplicasTogether() throws Exception {
        database = new TestDatabase();
        config = database.start();
        // Polling a replica that has not heard of a change yet counts failed authentications: the
        // limits are raised so that a slow notification cannot lock a test's client out.
        Map<String, String> settings = Map.of("PORTCULLIS_DIRECTORY_CHANGE_CHECK_INTERVAL", "1h",
                "PORTCULLIS_BRUTE_FORCE_CLIENT_MAX_FAILURES", String.valueOf(CLIENT_LIMIT),
                "PORTCULLIS_BRUTE_FORCE_ADDRESS_MAX_FAILURES", "100000");
        first = PackagedApplication.replica(config, settings);
        second = PackagedApplication.replica(config, settings);
        a = "http://127.0.0.1:" + first.awaitPort();
        b = "http://127.0.0.1:" + second.awaitPort();
    }

    @AfterAll
    static void stop() throws Exception {
        try (PackagedApplication one = first; PackagedApplication two = second) {
            // closed in reverse order, each even if the other fails
        } finally {
            database.stop();
        }
    }

    @BeforeEach
    void environmentOnTheFirstReplicaHeldByTheSecond() {
        token = managementToken(a);
        env = admin(a).body("{\"name\":\"replicas-" + UUID.randomUUID() + "\"}").post("/v1/environments")
                .then().statusCode(201).extract().path("id");
        // Once the second replica has served a client of the environment, it holds the environment
        // in memory: from then on only a notification can show it a change made on the first.
        Client resident = workerWithGrant();
        Eventually.until("the second replica serves the environment",
                () -> tokenStatus(b, resident.id(), resident.secret()) == 200);
    }

    @Test
    void exactlyOneReplicaBootstraps() throws Exception {
        long bootstrapped = Stream.of(first, second).filter(r -> r.output().contains("Bootstrapped environment")).count();
        assertThat(bootstrapped).isEqualTo(1);
        UUID adminEnvironment = UUID.fromString(config.get("portcullis.bootstrap.environment-id"));
        assertThat(count("select count(*) from applications where environment_id = ?", adminEnvironment)).isEqualTo(1);
        assertThat(count("select count(*) from signing_keys where environment_id = ? and rotation_policy_id is null",
                adminEnvironment)).isEqualTo(1);
        assertThat(count("select count(*) from key_rotation_policies where environment_id = ?", adminEnvironment)).isEqualTo(1);
        // Both replicas issue tokens for the bootstrap worker, and each accepts the other's tokens.
        admin(b).get("/v1/environments/" + env).then().statusCode(200);
        String fromSecond = managementToken(b);
        given().baseUri(a).header("Authorization", "Bearer " + fromSecond).get("/v1/environments/" + env)
                .then().statusCode(200);
    }

    @Test
    void aChangeMadeOnOneReplicaIsServedByTheOther() {
        Client client = workerWithGrant();
        Eventually.until("the second replica issues a token to an application created on the first",
                () -> tokenStatus(b, client.id(), client.secret()) == 200);

        String path = "/v1/environments/" + env + "/applications/" + client.id();
        admin(a).body(application("disabled-on-a", false)).put(path).then().statusCode(200);
        Eventually.until("the second replica refuses the application disabled on the first",
                () -> tokenStatus(b, client.id(), client.secret()) == 401);

        String rotated = admin(a).post(path + "/secret").then().statusCode(200).extract().path("secret");
        admin(a).body(application("enabled-on-a", true)).put(path).then().statusCode(200);
        Eventually.until("the second replica takes the secret rotated on the first",
                () -> tokenStatus(b, client.id(), rotated) == 200);
        assertThat(tokenStatus(b, client.id(), client.secret())).isEqualTo(401);

        String metrics = given().baseUri("http://127.0.0.1").port(second.managementPort()).accept("text/plain")
                .get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(OperationsTest.sample(metrics, "portcullis_change_notification_lag_seconds_count", ""))
                .as("the second replica timed the first replica's notifications").isGreaterThanOrEqualTo(3.0);
    }

    @Test
    void defaultKeysCreatedOnBothReplicasAtOnceLeaveOneDefault() throws Exception {
        String keys = "/v1/environments/" + env + "/keys";
        String body = "{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\","
                + "\"usageType\":\"SIGNING\",\"default\":true}";
        List<Response> responses = race(base -> admin(base).body(body).post(keys));
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(responses.stream().map(r -> (String) r.path("id"))).doesNotHaveDuplicates();
        UUID environmentId = UUID.fromString(env);
        assertThat(count("select count(*) from signing_keys where environment_id = ? and is_default", environmentId))
                .isEqualTo(1);
        assertThat(count("select count(*) from signing_keys where environment_id = ? and rotation_policy_id is null",
                environmentId)).isEqualTo(responses.size() + 1);
        // Both replicas sign with the one default key and publish it.
        String defaultKid = admin(a).get(keys).then().statusCode(200).extract()
                .path("_embedded.keys.find { it.default == true }.id");
        Client client = workerWithGrant();
        // PingOne: an application without "signing" signs with the environment's default key.
        admin(a).body(application("svc-" + UUID.randomUUID(), true))
                .put("/v1/environments/" + env + "/applications/" + client.id()).then().statusCode(200);
        for (String base : List.of(a, b)) {
            Eventually.until("a token from " + base + " carries the default key's kid",
                    () -> defaultKid.equals(kid(issue(base, client))));
        }
    }

    @Test
    void secretRotationsOnBothReplicasAtOnceLeaveOneCurrentSecret() throws Exception {
        Client client = workerWithGrant();
        String path = "/v1/environments/" + env + "/applications/" + client.id() + "/secret";
        String grace = "{\"previous\":{\"expiresAt\":\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}}";
        List<Response> responses = race(base -> admin(base).body(grace).post(path));
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        UUID applicationId = UUID.fromString(client.id());
        assertThat(count("select count(*) from application_secrets where application_id = ? and expires_at is null",
                applicationId)).isEqualTo(1);
        assertThat(count("select count(*) from application_secrets where application_id = ? and expires_at is not null",
                applicationId)).isEqualTo(1);
        Response secrets = admin(b).get(path).then().statusCode(200).extract().response();
        String current = secrets.path("secret");
        String previous = secrets.path("previous.secret");
        for (String base : List.of(a, b)) {
            Eventually.until("the current secret works on " + base, () -> tokenStatus(base, client.id(), current) == 200);
            Eventually.until("the previous secret works on " + base, () -> tokenStatus(base, client.id(), previous) == 200);
        }
    }

    @Test
    void conditionalUpdatesOnBothReplicasLetOneWin() throws Exception {
        Client client = workerWithGrant();
        String path = "/v1/environments/" + env + "/applications/" + client.id();
        String tag = admin(a).get(path).then().statusCode(200).extract().header("ETag");
        List<Response> responses = race(base -> admin(base).header("If-Match", tag)
                .body(application("edited-via-" + base.substring(base.lastIndexOf(':') + 1) + "-" + UUID.randomUUID(), true))
                .put(path));
        List<Response> winners = responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(winners).hasSize(1);
        assertThat(responses.stream().filter(r -> r.statusCode() != 200).map(Response::statusCode))
                .allMatch(s -> s == 412 || s == 409);
        String name = winners.get(0).path("name");
        for (String base : List.of(a, b)) {
            assertThat((String) admin(base).get(path).then().statusCode(200).extract().path("name")).isEqualTo(name);
        }
    }

    @Test
    void failedAuthenticationsOnBothReplicasAddUpToOneLockout() {
        Client client = workerWithGrant();
        String wrong = client.secret().substring(0, client.secret().length() - 1)
                + (client.secret().endsWith("A") ? "B" : "A");
        // Half of the client's allowed failures on each replica.
        for (int i = 0; i < CLIENT_LIMIT / 2; i++) {
            assertThat(tokenStatus(a, client.id(), wrong)).isEqualTo(401);
            assertThat(tokenStatus(b, client.id(), wrong)).isEqualTo(401);
        }
        // The last one locked the client out on both replicas, even for its right secret.
        for (String base : List.of(a, b)) {
            Eventually.until("the client is locked out on " + base, () -> tokenStatus(base, client.id(), client.secret()) == 429);
        }
    }

    private record Client(String id, String secret) {}

    /** A CLIENT_SECRET_BASIC worker in this test's environment, granted one scope of one resource, made on the first replica. */
    private Client workerWithGrant() {
        String base = "/v1/environments/" + env;
        String resource = admin(a).body("{\"name\":\"orders-" + UUID.randomUUID() + "\",\"type\":\"CUSTOM\","
                + "\"audience\":\"https://orders-" + UUID.randomUUID() + ".example\"}")
                .post(base + "/resources").then().statusCode(201).extract().path("id");
        String scope = admin(a).body("{\"name\":\"orders:read\"}").post(base + "/resources/" + resource + "/scopes")
                .then().statusCode(201).extract().path("id");
        String app = admin(a).body(application("svc-" + UUID.randomUUID(), true)).post(base + "/applications")
                .then().statusCode(201).extract().path("id");
        admin(a).body("{\"resource\":{\"id\":\"" + resource + "\"},\"scopes\":[{\"id\":\"" + scope + "\"}]}")
                .post(base + "/applications/" + app + "/grants").then().statusCode(201);
        String secret = admin(a).get(base + "/applications/" + app + "/secret").then().statusCode(200)
                .extract().path("secret");
        return new Client(app, secret);
    }

    private static String application(String name, boolean enabled) {
        return """
                {"name": "%s", "enabled": %s, "type": "WORKER", "protocol": "OPENID_CONNECT",
                 "grantTypes": ["CLIENT_CREDENTIALS"], "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"}
                """.formatted(name, enabled);
    }

    private RequestSpecification admin(String base) {
        return given().baseUri(base).header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static String managementToken(String base) {
        return given().baseUri(base)
                .auth().preemptive().basic(config.get("portcullis.bootstrap.client-id"),
                        config.get("portcullis.bootstrap.client-secret"))
                .contentType(FORM).body("grant_type=client_credentials")
                .post("/" + config.get("portcullis.bootstrap.environment-id") + "/as/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private int tokenStatus(String base, String clientId, String secret) {
        return given().baseUri(base).auth().preemptive().basic(clientId, secret).contentType(FORM)
                .body("grant_type=client_credentials").post("/" + env + "/as/token").statusCode();
    }

    private String issue(String base, Client client) {
        return given().baseUri(base).auth().preemptive().basic(client.id(), client.secret()).contentType(FORM)
                .body("grant_type=client_credentials").post("/" + env + "/as/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return JsonPath.from(header).getString("kid");
    }

    private static long count(String sql, Object parameter) throws SQLException {
        return ((Number) Database.queryOne(config.get("quarkus.datasource.jdbc.url"), sql, parameter)).longValue();
    }

    /** Three calls to each replica, released at the same moment; their responses. */
    private static List<Response> race(Function<String, Response> call) throws Exception {
        List<Callable<Response>> calls = new ArrayList<>();
        for (String base : List.of(a, b, a, b, a, b)) {
            calls.add(() -> call.apply(base));
        }
        return Race.run(calls);
    }
}
