package io.portcullis.application;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.environment.Environment;
import io.portcullis.support.Database;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A token request marks its secret used in application_secrets.last_used_at, written in the
 * background; only a request whose client authentication succeeds does, not the right secret of a
 * disabled application or the right secret sent by a method the application does not accept.
 */
@QuarkusTest
class SecretLastUsedTest {

    @Inject
    Fixtures fixtures;

    @Inject
    SecretUsage usage;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aSuccessfulTokenRequestRecordsLastUsed() throws SQLException {
        Environment env = fixtures.environment();
        CreatedApp app = fixtures.ordersReader(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST);
        assertThat(lastUsed(app)).isNull();
        Instant before = Instant.now();

        token(app, app.secret(), 200);
        token(app, app.secret(), 200);
        token(app, "wrong" + app.secret(), 401);
        usage.flush();

        Instant recorded = lastUsed(app);
        assertThat(recorded).isNotNull().isBetween(before.minusSeconds(1), Instant.now());
    }

    @Test
    void aWrongSecretRecordsNothing() throws SQLException {
        Environment env = fixtures.environment();
        CreatedApp app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);

        token(app, app.secret().substring(1) + "x", 401);
        usage.flush();

        assertThat(lastUsed(app)).isNull();
    }

    @Test
    void theRightSecretOfADisabledApplicationRecordsNothing() throws SQLException {
        Environment env = fixtures.environment();
        CreatedApp app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        fixtures.disable(env.id, app.app().id);

        token(app, app.secret(), 401);
        usage.flush();

        assertThat(lastUsed(app)).isNull();
    }

    @Test
    void theRightSecretByAMethodTheApplicationDoesNotAcceptRecordsNothing() throws SQLException {
        Environment env = fixtures.environment();
        CreatedApp app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);

        given().auth().preemptive().basic(app.clientId(), app.secret()).contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials").post("/" + app.app().environmentId + "/as/token")
                .then().statusCode(401).body("error", org.hamcrest.Matchers.equalTo("invalid_client"));
        usage.flush();
        assertThat(lastUsed(app)).as("client_secret_basic for a client_secret_post application").isNull();

        // The same secret by the accepted method is recorded: the check above could see a use.
        token(app, app.secret(), 400); // authenticated; no grant, so invalid_scope
        usage.flush();
        assertThat(lastUsed(app)).isNotNull();
    }

    private void token(CreatedApp app, String secret, int status) {
        given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + app.clientId() + "&client_secret=" + secret)
                .post("/" + app.app().environmentId + "/as/token")
                .then().statusCode(status);
    }

    private Instant lastUsed(CreatedApp app) throws SQLException {
        Timestamp at = (Timestamp) Database.queryOne(jdbcUrl,
                "select last_used_at from application_secrets where application_id = ?", app.app().id);
        return at == null ? null : at.toInstant();
    }
}
