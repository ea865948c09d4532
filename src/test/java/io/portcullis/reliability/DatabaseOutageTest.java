package io.portcullis.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.environment.Environment;
import io.portcullis.support.Admin;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.ManagementInterface;
import io.portcullis.support.ProxiedDatabase;
import io.portcullis.support.TcpProxy;
import io.portcullis.change.ChangeListener;
import io.portcullis.web.FallbackErrorMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for real (a TCP proxy between the service and the database is cut): warm
 * token issuance keeps working from memory, management calls fail with 503 and PingOne's error
 * body, readiness reports DOWN, and when the proxy comes back everything works again by itself,
 * with nothing of the failed writes in the database. A token request that needs the database
 * meanwhile is a counted server error with a clean body.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ThroughProxy.class)
class DatabaseOutageTest {

    /** The datasource goes through the proxy, with short timeouts so that a cut is noticed quickly. */
    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.acquisition-timeout", "2S",
                    "quarkus.datasource.jdbc.login-timeout", "2S",
                    "quarkus.datasource.jdbc.additional-jdbc-properties.connectTimeout", "2",
                    "quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "10");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedDatabase.class));
        }
    }

    @Inject
    Fixtures fixtures;

    ManagementInterface management;

    /** What FallbackErrorMapper logged during the test. */
    final List<String> errorLog = new CopyOnWriteArrayList<>();
    final Handler errorCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            errorLog.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureErrorLog() {
        Logger.getLogger(FallbackErrorMapper.class.getName()).addHandler(errorCapture);
    }

    @Inject
    ChangeListener changeListener;

    /** The change listener's connections when the database was cut; -1: not cut in this test. */
    long connectionsAtCut = -1;

    /** Cuts the database off; {@link #reconnect} then waits for the change listener to be back. */
    void cut() {
        connectionsAtCut = changeListener.connections();
        ProxiedDatabase.proxy.cut();
    }

    /**
     * Restores the database and, after a cut, waits until the change listener has reconnected: its
     * reconnection drops every cached environment, which must not happen in the middle of the next
     * test (that test could then find its warm environments cold during its own outage).
     */
    @AfterEach
    void reconnect() throws InterruptedException {
        Logger.getLogger(FallbackErrorMapper.class.getName()).removeHandler(errorCapture);
        ProxiedDatabase.proxy.restore();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (connectionsAtCut >= 0 && changeListener.connections() <= connectionsAtCut && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(connectionsAtCut < 0 || changeListener.connections() > connectionsAtCut)
                .as("the change listener reconnected after the outage").isTrue();
    }

    @Test
    void warmIssuanceSurvivesAnOutageAndEverythingRecoversByItself() {
        TcpProxy proxy = ProxiedDatabase.proxy;
        String admin = Admin.token();
        Environment env = fixtures.environment();
        var orders = fixtures.resource(env.id, "orders", null, "orders:read");
        CreatedApp app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, app.app().id, orders, "orders:read");
        String apps = "/v1/environments/" + env.id + "/applications";
        String appPath = apps + "/" + app.clientId();
        String originalName = Admin.as(admin).get(appPath).then().statusCode(200).extract().path("name");
        token(env, app.clientId(), app.secret()).then().statusCode(200); // warms the directory and key ring
        management.request().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        cut();

        // The token endpoint reads from memory: warm issuance goes on, JWKS too.
        for (int i = 0; i < 5; i++) {
            token(env, app.clientId(), app.secret()).then().statusCode(200);
        }
        given().get("/" + env.id + "/as/jwks").then().statusCode(200);
        Admin.token(); // the administrators' environment is warm as well
        // A failure is still a failure, counted in memory: 401, not a 5xx.
        token(env, app.clientId(), "wrong").then().statusCode(401).body("error", equalTo("invalid_client"));

        // Management calls need the database: 503 in PingOne's shape, no stack trace.
        assertUnavailable(Admin.as(admin).get(apps));
        assertUnavailable(Admin.as(admin).body(application("created-during-outage")).post(apps));
        assertUnavailable(Admin.as(admin).body(application("renamed-during-outage")).put(appPath));
        management.request().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        management.request().get("/q/health/live").then().statusCode(200);

        proxy.restore();

        // Recovery needs no restart, and the writes refused during the outage left nothing behind.
        management.request().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Admin.as(admin).get(apps).then().statusCode(200).body("count", equalTo(1));
        Admin.as(admin).get(appPath).then().statusCode(200).body("name", equalTo(originalName));
        String created = Admin.as(admin).body(application("created-after-outage")).post(apps)
                .then().statusCode(201).extract().path("id");
        Admin.as(admin).get(apps).then().statusCode(200).body("count", equalTo(2));
        String secret = Admin.as(admin).get(apps + "/" + created + "/secret").then().statusCode(200).extract().path("secret");
        token(env, created, secret).then().statusCode(400).body("error", equalTo("invalid_scope")); // authenticated; no grant yet
        token(env, app.clientId(), app.secret()).then().statusCode(200);
    }

    /**
     * A token request that needs the database while it is away (the environment was just changed, so
     * whether it still exists must be read again) fails unexpectedly: it is counted as
     * {@code server_error} and answered with RFC 6749's error body, no stack trace.
     */
    @Test
    void aTokenRequestThatNeedsTheDatabaseDuringAnOutageIsCountedAsAServerError() {
        String failures = "environment=\"unknown\",error=\"server_error\"";
        double before = ManagementInterface.sample(management.metrics(), "portcullis_tokens_refused_total", failures);
        Environment env = fixtures.environment();
        var orders = fixtures.resource(env.id, "orders", null, "orders:read");
        CreatedApp app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, app.app().id, orders, "orders:read"); // a change: the environment is read again on next use

        cut();
        Response failed = token(env, app.clientId(), app.secret());
        ProxiedDatabase.proxy.restore();

        failed.then().statusCode(503).contentType("application/json").header("Cache-Control", "no-store")
                .header("Retry-After", "5").body("error", equalTo("server_error")).body("access_token", nullValue());
        assertThat(failed.asString()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("org.postgresql");
        assertThat(ManagementInterface.sample(management.metrics(), "portcullis_tokens_refused_total", failures))
                .as("server_error counted once").isEqualTo(before + 1);
        token(env, app.clientId(), app.secret()).then().statusCode(200);
    }

    private void assertUnavailable(Response response) {
        response.then().statusCode(503).body("code", equalTo("UNEXPECTED_ERROR"));
        String body = response.asString();
        assertThat(body).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("org.postgresql");
        String id = response.path("id");
        assertThat(id).isNotBlank();
        // The id a user reports is the one the operator finds in the log.
        assertThat(errorLog).as("the log line of this failure names the body's id").anyMatch(line -> line.contains(id));
    }

    private static String application(String name) {
        return """
                {"name": "%s", "enabled": true, "type": "WORKER", "protocol": "OPENID_CONNECT",
                 "grantTypes": ["CLIENT_CREDENTIALS"], "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"}
                """.formatted(name);
    }

    private static Response token(Environment env, String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret).contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials").post("/" + env.id + "/as/token");
    }
}
