package io.portcullis.clientauth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.environment.Environment;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.support.Admin;
import io.portcullis.support.ClientAssertions;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.HardenedProfile;
import io.portcullis.support.ManagementInterface;
import io.portcullis.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Brute-force protection over HTTP: a client id guessed too often from one source address gets 429
 * with Retry-After there, even with the right secret, until its cooling period ends, while its owner
 * is served from any other address and under its real environment; an address guessing many client
 * ids is refused for all; requests without credentials and private_key_jwt assertions count
 * nothing. The count lives in PostgreSQL, so every replica adds to it.
 */
@QuarkusTest
@TestProfile(HardenedProfile.class)
class BruteForceTest {

    static final int CLIENT_LIMIT = HardenedProfile.CLIENT_LIMIT;
    static final int ADDRESS_LIMIT = HardenedProfile.ADDRESS_LIMIT;

    @Inject
    Fixtures fixtures;

    @Inject
    TestClock clock;

    @Inject
    ClientLockout lockout;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry metrics;

    @Inject
    PortcullisConfig config;

    ManagementInterface management;

    Environment env;
    CreatedApp app;
    CreatedApp other;
    /** A source address of this test alone (TEST-NET-3), so that tests do not add to each other's counts. */
    String address;

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_ADDRESS = new java.util.concurrent.atomic.AtomicInteger(1);

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        var orders = fixtures.resource(env.id, "orders", null, "orders:read");
        app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        other = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, app.app().id, orders, "orders:read");
        fixtures.grant(env.id, other.app().id, orders, "orders:read");
        // A new address for every test: a lock an earlier test left in memory must not meet this one.
        address = "203.0.113." + NEXT_ADDRESS.getAndIncrement();
        execute("DELETE FROM client_auth_failures WHERE subject = ? OR subject LIKE ?", address, address + " %");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aClientGuessedFromOneAddressIsRefusedThereAndServedEverywhereElse() {
        for (int i = 0; i < CLIENT_LIMIT; i++) {
            token(app.clientId(), "wrong-" + i, address).then().statusCode(401).body("error", equalTo("invalid_client"));
        }
        Response locked = token(app.clientId(), app.secret(), address);
        locked.then().statusCode(429)
                .header("Cache-Control", "no-store")
                .header("WWW-Authenticate", nullValue())
                .body("error", equalTo("invalid_client"))
                .body("access_token", nullValue());
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, Duration.ofMinutes(5).toSeconds());
        // client_secret_post is refused the same way: the lock is on the client id, not the method
        given().contentType("application/x-www-form-urlencoded").header("X-Forwarded-For", address)
                .body("grant_type=client_credentials&client_id=" + app.clientId() + "&client_secret=" + app.secret())
                .post(tokenPath()).then().statusCode(429);

        // The owner, from any address that is not guessing, is not locked out by someone who knows its id.
        token(app.clientId(), app.secret(), elsewhere()).then().statusCode(200);
        // another client of the same environment, from the guessing address, is not slowed down
        token(other.clientId(), other.secret(), address).then().statusCode(200);
    }

    @Test
    void wrongSecretsUnderAnotherEnvironmentPathDoNotLockTheRealClient() {
        String madeUp = "/" + UUID.randomUUID() + "/as/token";
        for (int i = 0; i < CLIENT_LIMIT + 3; i++) {
            int status = token(app.clientId(), "wrong", address, madeUp).statusCode();
            assertThat(status).isIn(401, 429);
        }
        token(app.clientId(), "wrong", address, madeUp).then().statusCode(429);
        // the same address, under the client's own environment, with its secret
        token(app.clientId(), app.secret(), address).then().statusCode(200);
    }

    @Test
    void requestsWithoutCredentialsLockNobody() throws Exception {
        for (int i = 0; i < 150; i++) {
            var request = given().contentType("application/x-www-form-urlencoded").header("X-Forwarded-For", address);
            if (i % 3 == 1) {
                request.header("Authorization", "Basic !!not-base64!!"); // malformed: names no client either
            } else if (i % 3 == 2) {
                request.header("Authorization", "Bearer " + "x".repeat(20));
            }
            request.body("grant_type=client_credentials").post(tokenPath()).then().statusCode(401);
        }
        assertThat(rowsOf(address)).as("nothing was counted for the address").isZero();
        token(app.clientId(), app.secret(), address).then().statusCode(200);
        token(other.clientId(), other.secret(), address).then().statusCode(200);
    }

    @Test
    void theCoolingPeriodEndsByItself() {
        lockOut(app.clientId());
        token(app.clientId(), app.secret(), address).then().statusCode(429);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        token(app.clientId(), app.secret(), address).then().statusCode(200);
    }

    @Test
    void unknownClientIdsAreLockedLikeKnownOnes() {
        // Locking only real ids would tell an attacker which ids exist.
        String unknown = UUID.randomUUID().toString();
        for (int i = 0; i < CLIENT_LIMIT; i++) {
            token(unknown, "wrong", address).then().statusCode(401);
        }
        token(unknown, "wrong", address).then().statusCode(429);
        // the same id in upper case is the same client id
        token(unknown.toUpperCase(), "wrong", address).then().statusCode(429);
    }

    @Test
    void aSourceAddressThatGuessesManyClientIdsIsRefusedForEveryClient() {
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            token(UUID.randomUUID().toString(), "wrong", address).then().statusCode(401);
        }
        token(app.clientId(), app.secret(), address).then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // a request without credentials guesses nothing: the plain 401, neither refused nor counted
        given().contentType("application/x-www-form-urlencoded").header("X-Forwarded-For", address)
                .body("grant_type=client_credentials").post(tokenPath()).then().statusCode(401);
        // the same client from elsewhere is served
        token(app.clientId(), app.secret(), elsewhere()).then().statusCode(200);
    }

    @Test
    void failuresOfEveryReplicaAddUpInPostgreSQL() throws Exception {
        // Another replica has counted CLIENT_LIMIT - 1 failures of this client from this address: one more here locks it.
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        execute("INSERT INTO client_auth_failures (subject_kind, subject, window_start, failures) VALUES ('ADDRESS_CLIENT', ?, ?, ?)",
                subject(app, address), now, CLIENT_LIMIT - 1);
        token(app.clientId(), "wrong", address).then().statusCode(401);
        token(app.clientId(), app.secret(), address).then().statusCode(429);
        assertThat(failuresOf(app, address)).isEqualTo(CLIENT_LIMIT);
    }

    @Test
    void aLockSetByAnotherReplicaIsSeenAtTheNextRefresh() throws Exception {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        execute("INSERT INTO client_auth_failures (subject_kind, subject, window_start, failures, locked_until) VALUES ('ADDRESS_CLIENT', ?, ?, ?, ?)",
                subject(other, address), now, CLIENT_LIMIT, now.plusMinutes(5));
        lockout.refresh();
        token(other.clientId(), other.secret(), address).then().statusCode(429);
        token(other.clientId(), other.secret(), elsewhere()).then().statusCode(200);
    }

    @Test
    void concurrentFailuresAreEachCountedOnce() throws Exception {
        // Many wrong secrets at once from one address, as through several replicas: PostgreSQL
        // serialises the counter, so exactly CLIENT_LIMIT of them are answered as failures and every
        // later one is refused.
        int attempts = 24;
        double countedBefore = metrics.counter("portcullis.client.authentication.failures").count();
        AtomicInteger unauthorized = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                statuses.add(pool.submit(() -> token(app.clientId(), "wrong", address).statusCode()));
            }
            for (Future<Integer> status : statuses) {
                (status.get() == 401 ? unauthorized : status.get() == 429 ? refused : new AtomicInteger()).incrementAndGet();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unauthorized.get()).isEqualTo(CLIENT_LIMIT);
        assertThat(refused.get()).isEqualTo(attempts - CLIENT_LIMIT);
        // every failure that got as far as the counter is in the one row: none lost, none doubled
        double counted = metrics.counter("portcullis.client.authentication.failures").count() - countedBefore;
        assertThat(failuresOf(app, address)).isEqualTo((int) counted).isGreaterThanOrEqualTo(CLIENT_LIMIT);
        token(app.clientId(), app.secret(), address).then().statusCode(429);
    }

    @Test
    void aLockoutIsAuditedInTheClientsOwnEnvironmentAndMeasured() {
        // guessed under a made-up environment path: the record still goes to the application's own trail
        String madeUp = "/" + UUID.randomUUID() + "/as/token";
        for (int i = 0; i < CLIENT_LIMIT; i++) {
            token(app.clientId(), "wrong", address, madeUp).then().statusCode(401);
        }
        String admin = Admin.token();
        Admin.as(admin).get("/v1/environments/" + env.id + "/activities").then().statusCode(200)
                .body("_embedded.activities.action.type", hasItem("CLIENT_AUTHENTICATION.LOCKED"))
                .body("_embedded.activities.resources[0].id", hasItem(app.clientId()));
        String metrics = management.request().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("portcullis_client_authentication_lockouts_total{subject=\"address_client\"}")
                .contains("portcullis_client_authentication_failures_total");
    }

    @Test
    void privateKeyJwtAssertionsAreNeitherCountedNorRefused() throws Exception {
        PublicJsonWebKey key = ClientAssertions.rsaKey("k1");
        PublicJsonWebKey stranger = ClientAssertions.rsaKey("k1");
        String signer = Admin.as(Admin.token()).body("""
                {"name": "signer", "enabled": true, "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod": "PRIVATE_KEY_JWT", "jwks": %s}
                """.formatted(ClientAssertions.publicJwks(key)))
                .post("/v1/environments/" + env.id + "/applications").then().statusCode(201).extract().path("id");
        String audience = config.issuer(env.id) + "/token";
        for (int i = 0; i < CLIENT_LIMIT + 3; i++) {
            assertion(ClientAssertions.sign(ClientAssertions.claims(signer, audience, clock), stranger, "RS256"))
                    .then().statusCode(401);
        }
        assertThat(rowsOf(address)).isZero();
        // no scope granted, so invalid_scope: authenticated, not refused as locked
        assertion(ClientAssertions.sign(ClientAssertions.claims(signer, audience, clock), key, "RS256"))
                .then().statusCode(400).body("error", equalTo("invalid_scope"));
    }

    // --- helpers ---

    private void lockOut(String clientId) {
        for (int i = 0; i < CLIENT_LIMIT; i++) {
            token(clientId, "wrong", address).then().statusCode(401);
        }
    }

    private Response token(String clientId, String secret, String from) {
        return token(clientId, secret, from, tokenPath());
    }

    private Response token(String clientId, String secret, String from, String path) {
        return given().contentType("application/x-www-form-urlencoded")
                .auth().preemptive().basic(clientId, secret)
                .header("X-Forwarded-For", from)
                .body("grant_type=client_credentials")
                .post(path);
    }

    private Response assertion(String jwt) {
        return given().contentType("application/x-www-form-urlencoded").header("X-Forwarded-For", address)
                .body(ClientAssertions.form(jwt, "grant_type=client_credentials")).post(tokenPath());
    }

    private String tokenPath() {
        return "/" + env.id + "/as/token";
    }

    /** Another address of this test alone (TEST-NET-2), which has guessed nothing. */
    private static String elsewhere() {
        return "198.51.100." + (1 + (int) (Math.random() * 250));
    }

    private String subject(CreatedApp client, String from) {
        return LockoutSubject.addressClient(from, env.id, client.app().id).value();
    }

    private int failuresOf(CreatedApp client, String from) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT failures FROM client_auth_failures WHERE subject_kind = 'ADDRESS_CLIENT' AND subject = ?")) {
            s.setString(1, subject(client, from));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        }
    }

    /** The counters that name the address, alone or with a client id. */
    private int rowsOf(String from) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM client_auth_failures WHERE subject = ? OR subject LIKE ?")) {
            s.setString(1, from);
            s.setString(2, from + " %");
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private void execute(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
