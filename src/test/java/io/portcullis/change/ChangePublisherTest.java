package io.portcullis.change;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.application.ApplicationService;
import io.portcullis.directory.Directory;
import io.portcullis.environment.EnvironmentService;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.environment.Environment;
import io.portcullis.resource.ResourceService;
import io.portcullis.support.Database;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes through entities publish their environment with no call of their own: once per
 * transaction and environment, however many rows changed and however they belong to it, only when
 * the transaction commits, and to this replica's observers as it commits.
 */
@QuarkusTest
class ChangePublisherTest {

    private static final String STAMPS = "select count(*) from environment_changes where environment_id = ?";

    @Inject
    Fixtures fixtures;

    @Inject
    ApplicationService applications;

    @Inject
    ResourceService resources;

    @Inject
    EnvironmentService environments;

    @Inject
    Directory directory;

    @Inject
    Heard heard;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    Environment env;
    Environment other;
    CreatedApp app;
    CreatedResource otherResource;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        app = fixtures.ordersReader(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
        other = fixtures.environment();
        otherResource = fixtures.resource(other.id, "orders", null, "orders:read");
        heard.listenOnThisThread();
    }

    @AfterEach
    void tearDown() {
        heard.stop();
    }

    /** Observes as Directory and KeyRing do; only what is published on the test's own thread. */
    @Singleton
    static class Heard {
        private final List<UUID> environments = new CopyOnWriteArrayList<>();
        private volatile Thread thread;

        void listenOnThisThread() {
            environments.clear();
            thread = Thread.currentThread();
        }

        void stop() {
            thread = null;
        }

        List<UUID> environments() {
            return List.copyOf(environments);
        }

        void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) EnvironmentChanged change) {
            if (Thread.currentThread() == thread) {
                environments.add(change.environmentId());
            }
        }
    }

    @Test
    void aTransactionPublishesEachEnvironmentItWroteOnce() throws SQLException {
        long stamps = stamps(env.id);
        long otherStamps = stamps(other.id);

        QuarkusTransaction.requiringNew().run(() -> {
            applications.setEnabled(env.id, app.app().id, false); // written by Hibernate's flush at commit
            applications.rotateSecret(env.id, app.app().id, null); // rows that belong to it through the application
            resources.rotateSecret(other.id, otherResource.resource().id); // a row that belongs through its resource
        });

        assertThat(heard.environments()).containsExactlyInAnyOrder(env.id, other.id);
        assertThat(stamps(env.id)).isEqualTo(stamps + 1);
        assertThat(stamps(other.id)).isEqualTo(otherStamps + 1);
    }

    /** An environment's name, type or bill of materials is not held for tokens: editing them drops nothing. */
    @Test
    void editingAnEnvironmentItselfPublishesNothing() throws SQLException {
        assertThat(tokenStatus()).isEqualTo(200); // held in memory
        long stamps = stamps(env.id);

        environments.update(env.id, "renamed", "a new description");
        environments.updateType(env.id, "PRODUCTION");

        assertThat(heard.environments()).isEmpty();
        assertThat(stamps(env.id)).isEqualTo(stamps);
        assertThat(directory.held(env.id)).as("still held").isPresent();
        assertThat(tokenStatus()).isEqualTo(200);
    }

    @Test
    void aRolledBackTransactionPublishesNothing() throws SQLException {
        assertThat(tokenStatus()).isEqualTo(200); // held in memory
        long stamps = stamps(env.id);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            applications.setEnabled(env.id, app.app().id, false);
            applications.rotateSecret(env.id, app.app().id, null);
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");

        assertThat(heard.environments()).isEmpty();
        assertThat(stamps(env.id)).isEqualTo(stamps);
        assertThat(tokenStatus()).isEqualTo(200);
    }

    @Test
    void thisReplicaDropsWhatItHeldAsTheChangeCommits() {
        assertThat(tokenStatus()).isEqualTo(200); // held in memory

        applications.setEnabled(env.id, app.app().id, false);

        assertThat(heard.environments()).containsExactly(env.id);
        assertThat(tokenStatus()).isEqualTo(401); // at once: not left to a notification or the periodic check
    }

    @Test
    void aDeletedRowPublishesItsEnvironment() {
        assertThat(resources.deleteScope(other.id, otherResource.resource().id, otherResource.scopes().get("orders:read").id))
                .isTrue();

        assertThat(heard.environments()).containsExactly(other.id);
    }

    private long stamps(UUID environmentId) throws SQLException {
        return ((Number) Database.queryOne(jdbcUrl, STAMPS, environmentId)).longValue();
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
