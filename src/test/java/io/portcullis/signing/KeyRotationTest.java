package io.portcullis.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.support.Admin;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Race;
import io.portcullis.support.TestClock;
import io.portcullis.support.TokenRequests;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled key rotation with the clock moved across years: tokens are issued every step and
 * verified by a resource server that caches the JWKS for its max-age and never refetches on an
 * unknown kid (so a key that signed before it was published would fail it).
 */
@QuarkusTest
class KeyRotationTest {

    @Inject
    Fixtures fixtures;

    @Inject
    TestClock clock;

    @Inject
    KeyRotationPolicyService rotation;

    @Inject
    KeyRotationPolicyRepository policies;

    @Inject
    SigningKeyRepository keys;

    @Inject
    KeyRotationJob job;

    @Inject
    MeterRegistry registry;

    @Inject
    KeyRing keyRing;

    /**
     * Back to the present. A full reload that ran while the clock was years ahead left the key ring
     * without the keys that had "expired" then: drop it, so the next use of each environment reloads.
     */
    @AfterEach
    void resetClock() {
        clock.reset();
        keyRing.clear();
    }

    record Client(UUID environmentId, CreatedApp app) {
        String env() {
            return environmentId.toString();
        }
    }

    @Test
    void anEnvironmentCreatedTodayIssuesTokensEveryDayForFiveYears() {
        Client client = client(3600);
        CachingResourceServer resourceServer = new CachingResourceServer(client.env(), clock);
        Set<String> kids = new HashSet<>();
        for (int day = 0; day <= 5 * 366; day++) {
            rotation.rotateDue(client.environmentId()); // what the schedule does on some replica
            Response response = TokenRequests.request(client.env(), client.app(), null);
            assertThat(response.statusCode()).as("token request on day %d", day).isEqualTo(200);
            String token = response.path("access_token");
            resourceServer.verify(token);
            kids.add(CachingResourceServer.kid(token));
            clock.advance(Duration.ofDays(1));
        }
        // a new key about every 90 days: about 20 over five years, each verified where it was first used
        assertThat(kids).hasSizeBetween(19, 22);
    }

    @Test
    void tokensIssuedThroughoutVerifyAgainstACachedJwksAcrossSeveralRotations() {
        Client client = client(7 * 24 * 3600); // tokens live a week, and must verify all week
        String policy = defaultPolicy(client.environmentId()).toString();
        String admin = Admin.token();
        Admin.as(admin).body("""
                {"name":"Default Key Rotation Policy","dn":"CN=Default Key Rotation Policy","algorithm":"RSA",
                 "keyLength":2048,"signatureAlgorithm":"SHA256withRSA","usageType":"SIGNING",
                 "validityPeriod":60,"rotationPeriod":30}""")
                .put("/v1/environments/" + client.env() + "/keyRotationPolicies/" + policy).then().statusCode(200);
        CachingResourceServer resourceServer = new CachingResourceServer(client.env(), clock);
        List<String> live = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        Instant end = clock.instant().plus(Duration.ofDays(4 * 30 + 1));
        while (clock.instant().isBefore(end)) {
            rotation.rotateDue(client.environmentId());
            String token = TokenRequests.token(client.env(), client.app(), null);
            live.add(token);
            kids.add(CachingResourceServer.kid(token));
            live.removeIf(t -> claims(t).getLong("exp") <= clock.instant().getEpochSecond());
            for (String t : live) { // the new token and every earlier one still unexpired
                resourceServer.verify(t);
            }
            clock.advance(Duration.ofHours(12));
        }
        assertThat(kids).hasSizeGreaterThanOrEqualTo(4);
        assertThat(resourceServer.fetches).as("the resource server refetched as max-age told it").isGreaterThan(100);
    }

    /** The bug that stopped every environment after a year: one 365-day key and no rotation. */
    @Test
    void aDefaultKeyThatExpiresNoLongerStopsTokenIssue() {
        Client client = client(3600);
        rotation.assign(client.environmentId(), client.app().app().id, null); // the old way: the default key signs
        String manualKid = CachingResourceServer.kid(TokenRequests.token(client.env(), client.app(), null));
        assertThat(manualKid).isEqualTo(manualDefaultKey(client.environmentId()).toString());
        CachingResourceServer resourceServer = new CachingResourceServer(client.env(), clock);

        for (int week = 1; week <= 60; week++) { // past the default key's 365 days, the schedule running
            clock.advance(Duration.ofDays(7));
            rotation.rotateDue(client.environmentId());
            Response response = TokenRequests.request(client.env(), client.app(), null);
            assertThat(response.statusCode()).as("token request in week %d", week).isEqualTo(200);
            resourceServer.verify(response.path("access_token"));
        }
        String kidAfterAYear = CachingResourceServer.kid(TokenRequests.token(client.env(), client.app(), null));
        assertThat(kidAfterAYear).isNotEqualTo(manualKid);
        assertThat(policyOfKey(UUID.fromString(kidAfterAYear))).isEqualTo(defaultPolicy(client.environmentId()));
    }

    /** Expiry is checked when signing: a key held in memory stops signing before it expires, without any reload. */
    @Test
    void aKeyHeldInMemoryNeverSignsPastItsExpiry() {
        Client client = client(3600);
        rotation.assign(client.environmentId(), client.app().app().id, null);
        String shortLived = Admin.as(Admin.token())
                .body("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\",\"default\":true,"
                        + "\"expiresAt\":\"" + clock.instant().plus(Duration.ofHours(2)) + "\"}")
                .post("/v1/environments/" + client.env() + "/keys").then().statusCode(201).extract().path("id");
        String token = TokenRequests.token(client.env(), client.app(), null);
        assertThat(CachingResourceServer.kid(token)).isEqualTo(shortLived);
        // the token does not outlive its key
        assertThat(claims(token).getLong("exp")).isLessThanOrEqualTo(clock.instant().plus(Duration.ofHours(2)).getEpochSecond());

        clock.advance(Duration.ofMinutes(61)); // within the last hour of the key: a replica's clock may run behind
        String later = TokenRequests.token(client.env(), client.app(), null);
        assertThat(CachingResourceServer.kid(later)).isNotEqualTo(shortLived);
        new CachingResourceServer(client.env(), clock).verify(later);
    }

    @Test
    void noKeyThatMaySignMeans503WithRetryAfterNotA400() {
        Client client = client(3600);
        TokenRequests.token(client.env(), client.app(), null); // keys held in memory
        clock.advance(Duration.ofDays(2 * 366)); // two years in which no rotation ran: every key expired
        double before = unavailable(client.environmentId());

        TokenRequests.request(client.env(), client.app(), null).then()
                .statusCode(503)
                .header("Retry-After", equalTo(String.valueOf(KeyRotation.RETRY_AFTER_SECONDS)))
                .header("Cache-Control", "no-store")
                .body("error", equalTo("temporarily_unavailable"))
                .body("error_description", not(emptyOrNullString()));
        assertThat(unavailable(client.environmentId())).isEqualTo(before + 1);

        // the next rotation run repairs it at once: with nothing else to sign, its fresh key signs immediately
        rotation.rotateDue(client.environmentId());
        new CachingResourceServer(client.env(), clock).verify(TokenRequests.token(client.env(), client.app(), null));
    }

    /**
     * Replicas share only the database: racing rotation runs, each on its own thread, transaction and
     * connection as on separate replicas, rotate a due policy exactly once.
     */
    @Test
    void aDueRotationHappensOnExactlyOneReplica() throws Exception {
        Client client = client(3600);
        UUID policy = defaultPolicy(client.environmentId());
        UUID next = keyOf(policy, "NEXT");
        clock.advance(Duration.ofDays(KeyRotation.DEFAULT_ROTATION_PERIOD));
        List<Callable<List<UUID>>> replicas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replicas.add(() -> rotation.rotateDue(client.environmentId()));
        }
        List<List<UUID>> rotated = Race.run(replicas);
        assertThat(rotated.stream().mapToInt(List::size).sum()).isEqualTo(1);
        assertThat(keyOf(policy, "CURRENT")).isEqualTo(next);
        assertThat(designations(policy)).containsExactlyInAnyOrder("PREVIOUS", "CURRENT", "NEXT");
        // and a second run right after finds nothing due
        assertThat(rotation.rotateDue(client.environmentId())).isEmpty();
    }

    /** The metric an operator alerts on: seconds until the soonest expiry of a key applications sign with. */
    @Test
    void aDefaultKeyInUseThatWillExpireShowsInTheExpiryGaugeWeeksAhead() {
        Client client = client(3600);
        rotation.assign(client.environmentId(), client.app().app().id, null);
        Admin.as(Admin.token())
                .body("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\",\"default\":true,"
                        + "\"expiresAt\":\"" + clock.instant().plus(Duration.ofDays(20)) + "\"}")
                .post("/v1/environments/" + client.env() + "/keys").then().statusCode(201);
        job.run();
        // This environment's key in use is the new default, 20 days from expiry...
        List<SigningKeyMetrics.KeyInUse> inUse = job.keysInUse();
        Instant ours = inUse.stream().filter(k -> k.environmentId().equals(client.environmentId()))
                .map(SigningKeyMetrics.KeyInUse::expiresAt).min(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(clock.instant(), ours)).isPositive().isLessThanOrEqualTo(Duration.ofDays(20));
        // ...and the gauge shows the soonest expiry of every key in use (other tests' environments share
        // this database, and some leave expired keys behind), so at most these 20 days.
        long soonest = inUse.stream().mapToLong(k -> k.expiresAt().getEpochSecond()).min().orElseThrow();
        double seconds = registry.get(SigningKeyMetrics.EXPIRY).gauge().value();
        assertThat(seconds).isLessThanOrEqualTo(Duration.ofDays(20).toSeconds())
                .isCloseTo(soonest - clock.instant().getEpochSecond(), org.assertj.core.api.Assertions.within(5.0));
        Admin.as(Admin.token()).get("/v1/environments/" + client.env() + "/keys").then()
                .body("_embedded.keys.find { it.default }.status", equalTo("EXPIRING"));
    }

    private Client client(int validitySeconds) {
        var environment = fixtures.environment();
        var resource = fixtures.resource(environment.id, "orders", validitySeconds, "read");
        CreatedApp app = fixtures.application(environment.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(environment.id, app.app().id, resource, "read");
        return new Client(environment.id, app);
    }

    private UUID defaultPolicy(UUID environmentId) {
        return QuarkusTransaction.requiringNew().call(() -> policies.findDefault(environmentId).orElseThrow().id);
    }

    private UUID manualDefaultKey(UUID environmentId) {
        return QuarkusTransaction.requiringNew().call(() -> keys.list("environmentId = ?1 and isDefault = true", environmentId)
                .getFirst().id);
    }

    private UUID policyOfKey(UUID keyId) {
        return QuarkusTransaction.requiringNew().call(() -> keys.findById(keyId).rotationPolicyId);
    }

    private UUID keyOf(UUID policy, String designation) {
        return QuarkusTransaction.requiringNew().call(() -> keys.list("rotationPolicyId = ?1 and designation = ?2", policy, designation)
                .getFirst().id);
    }

    private List<String> designations(UUID policy) {
        return QuarkusTransaction.requiringNew().call(() -> keys.list("rotationPolicyId", policy).stream().map(k -> k.designation).toList());
    }

    private double unavailable(UUID environmentId) {
        Counter counter = registry.find(SigningKeyMetrics.UNAVAILABLE).tag("environment", environmentId.toString()).counter();
        return counter == null ? 0 : counter.count();
    }

    private static JsonPath claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }
}
