package io.portcullis.bootstrap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.crypto.MasterKey;
import io.portcullis.environment.EnvironmentService;
import io.portcullis.support.Jwts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * First start on an empty database: instances that start together bootstrap once (the advisory
 * lock), the bootstrap worker gets management tokens with either secret method, and a master key
 * that is not the database's stops the start. Runs on a database of its own (its own profile), as
 * it empties the tables.
 */
@QuarkusTest
@TestProfile(BootstrapTest.OwnDatabase.class)
class BootstrapTest {

    /** A profile of its own: Quarkus restarts for it, and TestDatabase gives the restart a new database. */
    public static class OwnDatabase implements QuarkusTestProfile {}

    static final int INSTANCES = 6;

    @Inject
    Bootstrap bootstrap;

    @Inject
    EnvironmentService environments;

    @Inject
    EntityManager entityManager;

    @Inject
    MasterKey masterKey;

    @Inject
    PortcullisConfig config;

    @Test
    void instancesStartingTogetherOnAnEmptyDatabaseBootstrapOnce() throws Exception {
        emptyTheDatabase();
        assertThat(count("environments") + count("bootstrap_state") + count("master_key_check")).isZero();

        // Each thread is one instance's start-up: its own transaction, all released at the same moment.
        CyclicBarrier start = new CyclicBarrier(INSTANCES);
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        List<Future<?>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < INSTANCES; i++) {
                runs.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    bootstrap.run();
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(120, TimeUnit.SECONDS); // rethrows what a start-up threw (a unique violation without the lock)
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(count("environments")).isEqualTo(1);
        assertThat(count("bootstrap_state")).isEqualTo(1);
        assertThat(count("applications")).isEqualTo(1);
        assertThat(count("application_secrets")).isEqualTo(1);
        assertThat(count("role_assignments")).isEqualTo(1);
        // the default manual key, and the default key rotation policy's current and next keys
        assertThat(count("signing_keys")).isEqualTo(3);
        assertThat(count("key_rotation_policies")).isEqualTo(1);
        assertThat(count("application_signing")).isEqualTo(1);
        assertThat(count("master_key_check")).isEqualTo(1);
        UUID clientId = config.bootstrap().clientId().orElseThrow();
        assertThat(bootstrap.bootstrapClientId()).isEqualTo(clientId);
        assertThat(query("select role_name || ' ' || scope_type from role_assignments")).isEqualTo("ORGANIZATION_ADMIN ORGANIZATION");

        // The wire contract: the bootstrap worker authenticates with client_secret_basic or client_secret_post.
        UUID environmentId = (UUID) query("select environment_id from bootstrap_state");
        String secret = config.bootstrap().clientSecret().orElseThrow();
        String path = "/" + environmentId + "/as/token";
        Response basic = given().contentType("application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .body("grant_type=client_credentials")
                .post(path);
        Response post = given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret)
                .post(path);
        for (Response response : List.of(basic, post)) {
            response.then().statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("token_type", equalTo("Bearer"))
                    .body("expires_in", equalTo(3600))
                    .body("scope", nullValue());
            JwtClaims claims = Jwts.verify(environmentId.toString(), response.path("access_token"),
                    config.issuer(environmentId), config.managementAudience());
            assertThat(claims.getAudience()).containsExactly(config.managementAudience());
            assertThat(config.managementAudience()).isEqualTo(config.publicUrl() + "/v1");
            assertThat(claims.hasClaim("scope")).isFalse();
            assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(clientId.toString());
        }

        // Once bootstrapped, a later start changes nothing.
        bootstrap.run();
        assertThat(count("environments")).isEqualTo(1);
        assertThat(count("applications")).isEqualTo(1);
    }

    @Test
    void aMasterKeyThatIsNotTheDatabasesRefusesToStart() {
        bootstrap.run(); // the check row exists, sealed under this instance's key
        byte[] original = (byte[]) query("select ciphertext from master_key_check where id = 1");
        assertThat(masterKey.open(original, Bootstrap.CHECK_CONTEXT)).isEqualTo(Bootstrap.CHECK_PLAINTEXT);
        long environmentsBefore = count("environments");

        // The database as another installation (another PORTCULLIS_MASTER_KEY) would have written it.
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        byte[] foreign = new MasterKey(otherKey, new SecureRandom()).seal(Bootstrap.CHECK_PLAINTEXT, Bootstrap.CHECK_CONTEXT);
        setCheckRow(foreign);
        try {
            assertThatThrownBy(bootstrap::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PORTCULLIS_MASTER_KEY")
                    .hasMessageContaining("refusing to start");
            assertThat((byte[]) query("select ciphertext from master_key_check where id = 1")).isEqualTo(foreign);
            assertThat(count("environments")).isEqualTo(environmentsBefore);
        } finally {
            setCheckRow(original);
        }
        bootstrap.run(); // the right key starts again
    }

    private void emptyTheDatabase() {
        List<?> ids = QuarkusTransaction.requiringNew().call(() ->
                entityManager.createNativeQuery("select id from environments", UUID.class).getResultList());
        for (Object id : ids) {
            environments.delete((UUID) id); // also drops the in-memory copies
        }
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("delete from bootstrap_state").executeUpdate();
            entityManager.createNativeQuery("delete from master_key_check").executeUpdate();
        });
    }

    private void setCheckRow(byte[] ciphertext) {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("update master_key_check set ciphertext = ?1 where id = 1")
                .setParameter(1, ciphertext)
                .executeUpdate());
    }

    private long count(String table) {
        return ((Number) query("select count(*) from " + table)).longValue();
    }

    private Object query(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(sql).getSingleResult());
    }
}
