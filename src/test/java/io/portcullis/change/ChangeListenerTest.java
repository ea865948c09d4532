package io.portcullis.change;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.environment.Environment;
import io.portcullis.support.Database;
import io.portcullis.support.Eventually;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes written by another replica (here: a JDBC connection of the test's own, with no CDI event
 * in this process) reach the token endpoint's memory: through NOTIFY, through the clearing that
 * follows a reconnect, and through the periodic check, which reloads only what changed.
 */
@QuarkusTest
class ChangeListenerTest {

    private static final String DISABLE = "update applications set enabled = false where id = ?";
    private static final String NOTIFY = "select pg_notify('" + ChangePublisher.CHANNEL + "', ?)";
    /** What ChangePublisher writes beside its NOTIFY. */
    private static final String STAMP = "insert into environment_changes (environment_id) values (?)";

    @Inject
    Fixtures fixtures;

    @Inject
    ChangeListener listener;

    @Inject
    ReplicaIdentity replica;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    Environment env;
    CreatedApp app;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        app = fixtures.ordersReader(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
        awaitChecksPastSetUp();
        assertThat(tokenStatus()).isEqualTo(200); // the environment is now held in memory
    }

    @Test
    void notificationFromAnotherReplicaReachesMemory() throws SQLException {
        Database.inTransaction(jdbcUrl, new String[] {DISABLE, NOTIFY},
                new Object[][] {{app.app().id}, {env.id.toString()}});

        Eventually.until("the disabled application is refused", () -> tokenStatus() == 401);
    }

    @Test
    void theLagOfATimedNotificationIsMeasured() throws SQLException {
        // As ChangePublisher sends it: the environment id, then when the change was written.
        long writtenAt = System.currentTimeMillis() - 1_500;
        Database.inTransaction(jdbcUrl, new String[] {DISABLE, NOTIFY},
                new Object[][] {{app.app().id}, {env.id + " " + writtenAt}});

        Eventually.until("the disabled application is refused", () -> tokenStatus() == 401);
        assertThat(listener.lastNotificationLag()).hasValueSatisfying(lag -> assertThat(lag)
                .isBetween(Duration.ofMillis(1_500), Duration.ofSeconds(60)));
    }

    @Test
    void aNotificationThisReplicaSentIsNotAppliedAgainButOneFromAnotherIs() throws SQLException {
        String sentAt = " " + System.currentTimeMillis() + " ";
        long before = listener.delivered();
        // Its own changes were applied by the in-process event after commit: its own notification
        // (here with the change written behind its back) must not drop anything.
        Database.inTransaction(jdbcUrl, new String[] {DISABLE, NOTIFY},
                new Object[][] {{app.app().id}, {env.id + sentAt + replica.id()}});
        Eventually.until("its own notification was handled", () -> listener.delivered() > before);
        assertThat(tokenStatus()).as("still served from memory").isEqualTo(200);

        Database.inTransaction(jdbcUrl, new String[] {NOTIFY}, new Object[][] {{env.id + sentAt + UUID.randomUUID()}});
        Eventually.until("another replica's notification is applied", () -> tokenStatus() == 401);
    }

    @Test
    void malformedNotificationsAreIgnoredWithoutLosingTheConnection() throws SQLException {
        long connections = listener.connections();
        Database.inTransaction(jdbcUrl, new String[] {NOTIFY}, new Object[][] {{"not-an-id 12"}});
        // An id with a malformed time still counts as a change of that environment.
        Database.inTransaction(jdbcUrl, new String[] {DISABLE, NOTIFY},
                new Object[][] {{app.app().id}, {env.id + " not-a-time"}});

        Eventually.until("the disabled application is refused", () -> tokenStatus() == 401);
        assertThat(listener.connections()).as("the listener kept its connection").isEqualTo(connections);
    }

    @Test
    void changeWithoutNotificationIsServedFromMemoryUntilTheListenerReconnects() throws SQLException {
        Database.inTransaction(jdbcUrl, new String[] {DISABLE}, new Object[][] {{app.app().id}});
        // Nothing told this replica: the token endpoint answers from memory, not from the database.
        assertThat(tokenStatus()).isEqualTo(200);

        long connections = listener.connections();
        Object terminated = Database.queryOne(jdbcUrl, "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                + " where application_name = ? and datname = current_database()", ChangeListener.APPLICATION_NAME);
        assertThat(((Number) terminated).intValue()).isEqualTo(1);

        // Notifications may have been missed while disconnected: everything is dropped on reconnect.
        Eventually.until("the listener reconnects", () -> listener.connections() > connections);
        assertThat(tokenStatus()).isEqualTo(401);
    }

    @Test
    void thePeriodicCheckReloadsAnEnvironmentWhoseNotificationWasLostAndNoOther() throws SQLException {
        // Another environment, changed behind the service's back with no stamp: not the check's business.
        Environment other = fixtures.environment();
        var otherResource = fixtures.resource(other.id, "orders", null, "orders:read");
        CreatedApp otherApp = fixtures.application(other.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(other.id, otherApp.app().id, otherResource, "orders:read");
        awaitChecksPastSetUp();
        assertThat(tokenStatus(other.id, otherApp)).isEqualTo(200); // held from here on
        Database.inTransaction(jdbcUrl, new String[] {DISABLE}, new Object[][] {{otherApp.app().id}});

        // A change written and stamped as ChangePublisher does, but whose notification never came.
        Database.inTransaction(jdbcUrl, new String[] {DISABLE, STAMP},
                new Object[][] {{app.app().id}, {env.id}});
        long checks = listener.checks();
        Eventually.until("the stamped change is found by the check", () -> tokenStatus() == 401);
        Eventually.until("one more check ran", () -> listener.checks() > checks + 1);

        assertThat(tokenStatus(other.id, otherApp)).as("the unchanged environment was not reloaded").isEqualTo(200);
    }

    @Test
    void aSigningKeyThatExpiresLeavesAtTheNextCheck() throws SQLException {
        int published = jwksSize(); // the manual default key and the rotation policy's keys, held from here on
        assertThat(published).isPositive();
        // No transaction marks an expiry: the check looks for keys that expired since the previous one.
        Database.inTransaction(jdbcUrl, new String[] {
                    "update signing_keys set expires_at = now() + interval '1 second' where environment_id = ?"},
                new Object[][] {{env.id}});
        assertThat(jwksSize()).as("served from memory").isEqualTo(published);

        Eventually.until("the expired key is no longer published", () -> jwksSize() == 0);
    }

    @Test
    void anEnvironmentCreatedElsewhereIsFoundAfterItsNotification() throws SQLException {
        UUID created = UUID.randomUUID();
        assertThat(given().get("/" + created + "/as/jwks").statusCode()).isEqualTo(404); // known not to exist
        Database.inTransaction(jdbcUrl, new String[] {
                    "insert into environments (id, name, created_at, updated_at) values (?, ?, now(), now())", NOTIFY},
                new Object[][] {{created, "elsewhere-" + created}, {created.toString()}});

        Eventually.until("the new environment is served", () -> given().get("/" + created + "/as/jwks").statusCode() == 200);
    }

    @Test
    void anEnvironmentDeletedElsewhereIsGoneAfterItsNotificationWhileOthersStay() throws SQLException {
        Environment other = fixtures.environment();
        assertThat(given().get("/" + other.id + "/as/jwks").statusCode()).isEqualTo(200);
        Database.inTransaction(jdbcUrl, new String[] {"delete from environments where id = ?", NOTIFY},
                new Object[][] {{other.id}, {other.id.toString()}});

        Eventually.until("the deleted environment is gone", () -> given().get("/" + other.id + "/as/jwks").statusCode() == 404);
        assertThat(tokenStatus()).isEqualTo(200);
    }

    /**
     * Changes made through the service are stamped, and the next check drops their environments
     * once more: wait until that has passed (callers then load what they need again).
     */
    private void awaitChecksPastSetUp() {
        long checks = listener.checks();
        Eventually.until("two checks ran", () -> listener.checks() >= checks + 2);
    }

    private int tokenStatus() {
        return tokenStatus(env.id, app);
    }

    private static int tokenStatus(UUID environmentId, CreatedApp client) {
        return given()
                .contentType("application/x-www-form-urlencoded")
                .auth().preemptive().basic(client.clientId(), client.secret())
                .body("grant_type=client_credentials")
                .post("/" + environmentId + "/as/token")
                .statusCode();
    }

    private int jwksSize() {
        return given().get("/" + env.id + "/as/jwks").then().statusCode(200).extract().path("keys.size()");
    }
}
