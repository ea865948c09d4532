package io.portcullis.support;

import io.agroal.api.AgroalDataSource;
import io.portcullis.clientauth.AssertionReplayStore;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The jti store of client assertions, counting per application how often a jti is to be recorded. Enabled by {@link CountingProfile} only. */
@Alternative
@Singleton
public class CountingAssertionReplayStore extends AssertionReplayStore {

    private final Map<UUID, AtomicInteger> recordings = new ConcurrentHashMap<>();

    public CountingAssertionReplayStore(AgroalDataSource dataSource, Clock clock) {
        super(dataSource, clock);
    }

    @Override
    public boolean firstUse(UUID clientId, String jti, Instant expiresAt) {
        recordings.computeIfAbsent(clientId, id -> new AtomicInteger()).incrementAndGet();
        return super.firstUse(clientId, jti, expiresAt);
    }

    /** How many times a jti of the application was to be recorded so far. */
    public int recordings(UUID clientId) {
        AtomicInteger count = recordings.get(clientId);
        return count == null ? 0 : count.get();
    }
}
