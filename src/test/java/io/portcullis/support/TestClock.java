package io.portcullis.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: the system clock plus an offset that a test may move forward
 * (grace periods, expiry) and must reset afterwards. Replaces the default Clock bean. Plain JUnit
 * tests take one that stands still ({@link #at}) and moves only when they advance it.
 */
@Singleton
public class TestClock extends Clock {

    /** Where a standing clock starts; null for the system clock. */
    private final Instant start;
    private volatile Duration offset = Duration.ZERO;

    public TestClock() {
        this(null);
    }

    private TestClock(Instant start) {
        this.start = start;
    }

    /** A clock that reads {@code start} until it is advanced. */
    public static TestClock at(Instant start) {
        return new TestClock(start);
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return (start == null ? Instant.now() : start).plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
