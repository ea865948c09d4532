package io.portcullis.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.portcullis.signing.SignatureAlgorithm;
import io.portcullis.signing.SigningKeyService;
import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.portcullis.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes that race, as from several instances on one database: each thread has its own connection
 * and transaction, so PostgreSQL sees what it would see from separate processes, and it is the
 * arbiter (row locks, the one-default-key and one-current-secret indexes, row versions).
 */
@QuarkusTest
class ConcurrencyTest {

    static final int RACERS = 8;

    @Inject
    SigningKeyService keys;

    @Inject
    AgroalDataSource dataSource;

    String admin;
    String env;
    String app;
    String appPath;

    @BeforeEach
    void setUp() {
        admin = Admin.token();
        env = Api.environment(admin);
        app = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, env, app, "READ_ONLY", env)).isEqualTo(201);
        appPath = "/v1/environments/" + env + "/applications/" + app;
    }

    @Test
    void twoAdministratorsEditingOneApplicationDoNotUndoEachOther() {
        String first = Admin.as(admin).get(appPath).then().statusCode(200).extract().header("ETag");
        String second = Admin.as(admin).get(appPath).then().statusCode(200).extract().header("ETag");
        assertThat(first).isEqualTo(second).matches("\"\\d+\"");

        String afterFirst = Admin.as(admin).header("If-Match", first).body(application("renamed-by-first")).put(appPath)
                .then().statusCode(200).body("name", equalTo("renamed-by-first")).extract().header("ETag");
        assertThat(afterFirst).isNotEqualTo(first);
        // the second administrator read before that change: refused, nothing overwritten
        Admin.as(admin).header("If-Match", second).body(application("renamed-by-second")).put(appPath)
                .then().statusCode(412).body("code", equalTo("INVALID_REQUEST"));
        Admin.as(admin).get(appPath).then().statusCode(200).body("name", equalTo("renamed-by-first"))
                .header("ETag", afterFirst);
        // after reading again, the second administrator's change goes through
        Admin.as(admin).header("If-Match", afterFirst).body(application("renamed-by-second")).put(appPath)
                .then().statusCode(200).body("name", equalTo("renamed-by-second"));
    }

    @Test
    void concurrentConditionalUpdatesLetExactlyOneWin() throws Exception {
        String tag = Admin.as(admin).get(appPath).then().statusCode(200).extract().header("ETag");
        List<Response> responses = race(i -> Admin.as(admin).header("If-Match", tag).body(application("racer-" + i)).put(appPath));
        List<Response> winners = responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(winners).hasSize(1);
        // the losers learn that they lost: 412 (read the new version) or 409 (lost the race at commit)
        assertThat(responses.stream().filter(r -> r.statusCode() != 200).map(Response::statusCode)).allMatch(s -> s == 412 || s == 409);
        String winner = winners.get(0).path("name");
        Admin.as(admin).get(appPath).then().statusCode(200).body("name", equalTo(winner));
    }

    @Test
    void concurrentUpdatesWithoutIfMatchNeverLoseOneSilently() throws Exception {
        // Without If-Match, last writer wins, but every 200 is a change that was applied: the final
        // name is one that was answered 200, and the version counted every applied change.
        long versionBefore = version(app);
        List<Response> responses = race(i -> Admin.as(admin).body(application("plain-" + i)).put(appPath));
        long applied = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(responses).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 409);
        assertThat(version(app) - versionBefore).isEqualTo(applied);
        String last = Admin.as(admin).get(appPath).then().statusCode(200).extract().path("name");
        assertThat(responses.stream().filter(r -> r.statusCode() == 200).map(r -> (String) r.path("name"))).contains(last);
    }

    @Test
    void concurrentSecretRotationsLeaveOneCurrentSecretThatWorks() throws Exception {
        String grace = "{\"previous\":{\"expiresAt\":\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}}";
        List<Response> responses = race(i -> Admin.as(admin).body(grace).post(appPath + "/secret"));
        assertThat(responses).allMatch(r -> r.statusCode() == 200);
        assertThat(count("SELECT count(*) FROM application_secrets WHERE application_id = ? AND expires_at IS NULL", app)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM application_secrets WHERE application_id = ? AND expires_at IS NOT NULL", app)).isEqualTo(1);
        String current = Api.secret(admin, env, app);
        assertThat(Api.tokenStatus(env, app, current)).isEqualTo(200);
    }

    @Test
    void concurrentIdenticalRoleAssignmentsCreateOne() throws Exception {
        List<Integer> statuses = race(i -> Api.assignRole(admin, env, app, "CLIENT_APPLICATION_DEVELOPER", env));
        assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        assertThat(count("SELECT count(*) FROM role_assignments WHERE application_id = ? AND role_name = 'CLIENT_APPLICATION_DEVELOPER'",
                app)).isEqualTo(1);
    }

    @Test
    void concurrentDefaultKeysLeaveExactlyOneDefault() throws Exception {
        UUID environmentId = UUID.fromString(env);
        Instant expiresAt = Instant.now().plus(30, ChronoUnit.DAYS);
        List<UUID> created = race(i -> keys.create(environmentId,
                new SigningKeyService.KeySpec("EC", 256, SignatureAlgorithm.SHA256withECDSA, expiresAt), true).id);
        assertThat(created).doesNotHaveDuplicates().hasSize(RACERS);
        assertThat(count("SELECT count(*) FROM signing_keys WHERE environment_id = ? AND is_default", env)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM signing_keys WHERE environment_id = ? AND rotation_policy_id IS NULL", env))
                .isEqualTo(RACERS + 1);
        // tokens are still issued and verify with the published keys
        assertThat(Api.tokenStatus(env, app, Api.secret(admin, env, app))).isEqualTo(200);
    }

    /** Runs RACERS calls released at the same moment, and returns their results in order. */
    private static <T> List<T> race(Racer<T> racer) throws Exception {
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            int n = i;
            calls.add(() -> racer.run(n));
        }
        return Race.run(calls);
    }

    /** One racing call. */
    @FunctionalInterface
    interface Racer<T> {
        T run(int index) throws Exception;
    }

    private long version(String applicationId) throws SQLException {
        return count("SELECT version FROM applications WHERE id = ?", applicationId);
    }

    private long count(String sql, String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, UUID.fromString(id));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static String application(String name) {
        return """
                {"name": "%s", "enabled": true, "type": "WORKER", "protocol": "OPENID_CONNECT",
                 "grantTypes": ["CLIENT_CREDENTIALS"], "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"}
                """.formatted(name);
    }
}
