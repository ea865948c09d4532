package io.portcullis.clientauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.portcullis.revocation.ExpiredEntriesPurge;
import io.portcullis.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The jti replay store against PostgreSQL: once per client until expiry, then free and purged. */
@QuarkusTest
class AssertionReplayStoreTest {

    @Inject
    AssertionReplayStore store;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ExpiredEntriesPurge purge;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aJtiIsAcceptedOncePerClientUntilItExpires() {
        UUID client = UUID.randomUUID();
        String jti = UUID.randomUUID().toString();
        Instant expiry = clock.instant().plusSeconds(60);
        assertThat(store.firstUse(client, jti, expiry)).isTrue();
        assertThat(store.firstUse(client, jti, expiry)).isFalse();
        assertThat(store.firstUse(UUID.randomUUID(), jti, expiry)).isTrue(); // jti is per issuer (RFC 7523 §3)
        clock.advance(Duration.ofSeconds(61));
        assertThat(store.firstUse(client, jti, clock.instant().plusSeconds(60))).isTrue(); // the old entry expired
    }

    @Test
    void expiredEntriesArePurged() throws SQLException {
        UUID client = UUID.randomUUID();
        store.firstUse(client, "a", clock.instant().plusSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        assertThat(purge.purge()).isPositive();
        assertThat(rows(client)).as("the expired jti is deleted, not only overwritable").isZero();
        assertThat(store.firstUse(client, "a", clock.instant().plusSeconds(10))).isTrue();
    }

    @Test
    void overlongOrEmptyJtiIsNeverAccepted() {
        assertThat(store.firstUse(UUID.randomUUID(), "j".repeat(257), clock.instant().plusSeconds(10))).isFalse();
        assertThat(store.firstUse(UUID.randomUUID(), "", clock.instant().plusSeconds(10))).isFalse();
    }

    private long rows(UUID client) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM client_assertion_jtis WHERE client_id = ?")) {
            s.setObject(1, client);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
