package io.portcullis.signing;

import io.portcullis.change.ChangesMissed;
import io.portcullis.change.EnvironmentChanged;
import io.portcullis.config.Blocking;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The signing keys of every environment in use, decrypted and held in memory so that issuing a
 * token needs no database round trip. An environment's entry is dropped when it changes and
 * loaded again on next use. Loading reads PostgreSQL: the token endpoint asks {@link #held} on the
 * event loop, without loading, and serves a request there with what it was told bound to
 * {@link #HELD_FOR_REQUEST}, so that a change dropping the keys meanwhile sends nothing to the database.
 */
@Singleton
public class KeyRing {

    /** The keys the current request, served from memory, was decided with ({@link #held}). */
    public static final ScopedValue<Held> HELD_FOR_REQUEST = ScopedValue.newInstance();

    /** The keys memory holds for one environment. */
    public record Held(UUID environmentId, EnvironmentKeys keys) {}

    private final SigningKeyLoader loader;
    private final ConcurrentMap<UUID, EnvironmentKeys> environments = new ConcurrentHashMap<>();

    public KeyRing(SigningKeyLoader loader) {
        this.loader = loader;
    }

    /** The environment's keys if memory holds them, read without loading anything. */
    public Optional<Held> held(UUID environmentId) {
        EnvironmentKeys keys = environments.get(environmentId);
        return keys == null ? Optional.empty() : Optional.of(new Held(environmentId, keys));
    }

    /**
     * The keys of an environment known to exist (callers check existence first), loading them first
     * if needed; within a request served from memory, the keys held when it began.
     *
     * @throws IllegalStateException when they must be loaded and the current thread is an event loop
     */
    public EnvironmentKeys keysOf(UUID environmentId) {
        EnvironmentKeys held = environments.get(environmentId);
        if (held != null) {
            return held;
        }
        if (HELD_FOR_REQUEST.isBound() && HELD_FOR_REQUEST.get().environmentId().equals(environmentId)) {
            return HELD_FOR_REQUEST.get().keys(); // dropped by a change since the request began
        }
        Blocking.required("loading the signing keys of an environment");
        // computeIfAbsent holds the entry while loading: a concurrent invalidation waits and then
        // removes what was loaded, so a change is never hidden behind an older load.
        return environments.computeIfAbsent(environmentId, loader::load);
    }

    public int size() {
        return environments.size();
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) EnvironmentChanged change) {
        environments.remove(change.environmentId());
    }

    void onChangesMissed(@Observes ChangesMissed missed) {
        clear();
    }

    /** Drops everything: the next use of each environment reloads it. */
    public void clear() {
        environments.clear();
    }
}
