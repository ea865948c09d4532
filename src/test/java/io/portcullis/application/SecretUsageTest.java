package io.portcullis.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** lastUsed is noted at most once a minute per secret and written in batches. */
class SecretUsageTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    private final TestClock clock = TestClock.at(START);
    private final List<Map<UUID, Instant>> batches = new ArrayList<>();
    private final SecretUsage usage = new SecretUsage(clock, batch -> batches.add(Map.copyOf(batch)));

    @Test
    void manyUsesWithinAMinuteAreOneWrite() {
        UUID secret = UUID.randomUUID();
        for (int i = 0; i < 100; i++) {
            usage.record(secret);
            clock.advance(Duration.ofMillis(500)); // 50 s in all
        }

        assertThat(usage.flush()).isEqualTo(1);
        assertThat(batches).containsExactly(Map.of(secret, START));
    }

    @Test
    void theNextUseIsWrittenOnceAMinuteHasPassed() {
        UUID secret = UUID.randomUUID();
        usage.record(secret);
        usage.flush();

        clock.advance(Duration.ofSeconds(59));
        usage.record(secret);
        assertThat(usage.flush()).isZero();

        clock.advance(Duration.ofSeconds(2));
        usage.record(secret);
        assertThat(usage.flush()).isEqualTo(1);
        assertThat(batches).containsExactly(Map.of(secret, START), Map.of(secret, START.plusSeconds(61)));
    }

    @Test
    void secretsAreBatchedTogether() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        usage.record(a);
        clock.advance(Duration.ofSeconds(3));
        usage.record(b);

        assertThat(usage.flush()).isEqualTo(2);
        assertThat(batches).containsExactly(Map.of(a, START, b, START.plusSeconds(3)));
        assertThat(usage.flush()).isZero();
    }

    @Test
    void aFailedWriteIsRetriedByTheNextFlush() {
        List<Map<UUID, Instant>> written = new ArrayList<>();
        boolean[] fail = {true};
        SecretUsage flaky = new SecretUsage(clock, batch -> {
            if (fail[0]) {
                throw new IllegalStateException("database down");
            }
            written.add(Map.copyOf(batch));
        });
        UUID secret = UUID.randomUUID();
        flaky.record(secret);

        assertThatThrownBy(flaky::flush).hasMessage("database down");
        fail[0] = false;
        assertThat(flaky.flush()).isEqualTo(1);
        assertThat(written).containsExactly(Map.of(secret, START));
    }
}
