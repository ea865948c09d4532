package io.portcullis.token;

import static io.portcullis.support.ClientAssertions.claims;
import static io.portcullis.support.ClientAssertions.form;
import static io.portcullis.support.ClientAssertions.formRequest;
import static io.portcullis.support.ClientAssertions.sign;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Admin;
import io.portcullis.support.ClientAssertions;
import io.portcullis.support.CountingAssertionReplayStore;
import io.portcullis.support.CountingClientKeySets;
import io.portcullis.support.CountingProfile;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.TestClock;
import io.portcullis.support.TokenRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each token request does its work once, wherever it runs: a JWT client assertion's signature is
 * checked once and its jti recorded once, and a failed secret authentication is counted once
 * towards brute-force protection, also when the environment is already in memory and the request
 * starts on the event loop.
 */
@QuarkusTest
@TestProfile(CountingProfile.class)
class TokenRequestWorkOnceTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    @Inject
    TestClock clock;

    @Inject
    CountingClientKeySets keySets;

    @Inject
    CountingAssertionReplayStore replays;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry metrics;

    Environment env;
    CreatedResource orders;
    CreatedApp secretApp;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        orders = fixtures.resource(env.id, "orders", null, "orders:read");
        secretApp = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, secretApp.app().id, orders, "orders:read");
    }

    @Test
    void aPrivateKeyJwtAssertionIsCheckedOnceAndItsJtiRecordedOnce() throws SQLException {
        PublicJsonWebKey rsa = ClientAssertions.rsaKey("rsa-1");
        String keyApp = Admin.as(Admin.token()).body("""
                {"name": "signer", "enabled": true, "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod": "PRIVATE_KEY_JWT", "jwks": %s}
                """.formatted(ClientAssertions.publicJwks(rsa)))
                .post("/v1/environments/" + env.id + "/applications")
                .then().statusCode(201).extract().path("id");
        fixtures.grant(env.id, UUID.fromString(keyApp), orders, "orders:read");
        UUID client = UUID.fromString(keyApp);
        // The environment and its keys in memory, as for any request but the first after a change.
        TokenRequests.token(env.id.toString(), secretApp, null);

        for (int request = 1; request <= 2; request++) {
            String assertion = sign(claims(keyApp, config.issuer(env.id) + "/token", clock), rsa, "RS256");
            formRequest().body(form(assertion, "grant_type=client_credentials")).post("/" + env.id + "/as/token")
                    .then().statusCode(200);

            assertThat(keySets.signatureChecks(client)).as("signatures checked after %d requests", request).isEqualTo(request);
            assertThat(replays.recordings(client)).as("jtis recorded after %d requests", request).isEqualTo(request);
            assertThat(jtisOf(client)).isEqualTo(request);
        }
    }

    @Test
    void aWrongSecretIsCountedOnce() throws SQLException {
        TokenRequests.token(env.id.toString(), secretApp, null); // in memory: the request starts on the event loop
        double failuresBefore = metrics.counter("portcullis.client.authentication.failures").count();

        given().auth().preemptive().basic(secretApp.clientId(), "not-the-secret")
                .contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials")
                .post("/" + env.id + "/as/token")
                .then().statusCode(401);

        assertThat(metrics.counter("portcullis.client.authentication.failures").count() - failuresBefore).isEqualTo(1);
        assertThat(failuresCountedFor(secretApp.app().id)).isEqualTo(1);
        // and the right secret still works: one failure locks nothing
        TokenRequests.token(env.id.toString(), secretApp, null);
    }

    private int jtisOf(UUID client) throws SQLException {
        return count("SELECT count(*) FROM client_assertion_jtis WHERE client_id = ?", client);
    }

    /** The failures counted in PostgreSQL for the application, from whichever address (this test's is loopback). */
    private int failuresCountedFor(UUID client) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT coalesce(sum(failures), 0) FROM client_auth_failures WHERE subject_kind = 'ADDRESS_CLIENT' AND subject LIKE ?")) {
            s.setString(1, "% " + client);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private int count(String sql, UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
