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
import jakarta.enterprise.event.Event;
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
 * follows a reconnect, and through the periodic full reload.
 */
@QuarkusTest
class ChangeListenerTest {

    private static final String DISABLE = "update applications set enabled = false where id = ?";
    private static final String NOTIFY = "select pg_notify('" + ChangePublisher.CHANNEL + "', ?)";

    @Inject
    Fixtures fixtures;

    @Inject
    ChangeListener listener;

    @Inject
    ReplicaIdentity replica;

    @Inject
    Event<FullReloadDue> fullReload;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    Environment env;
    CreatedApp app;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        var resource = fixtures.resource(env.id, "orders", null, "orders:read");
        app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, app.app().id, resource, "orders:read");
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
    void fullReloadPicksUpAChangeNobodyAnnounced() throws SQLException {
        Database.inTransaction(jdbcUrl, new String[] {DISABLE}, new Object[][] {{app.app().id}});
        assertThat(tokenStatus()).isEqualTo(200);

        fullReload.fire(new FullReloadDue());

        assertThat(tokenStatus()).isEqualTo(401);
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

    private int tokenStatus() {
        return given()
                .contentType("application/x-www-form-urlencoded")
                .auth().preemptive().basic(app.clientId(), app.secret())
                .body("grant_type=client_credentials")
                .post("/" + env.id + "/as/token")
                .statusCode();
    }
}
