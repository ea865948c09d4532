package io.portcullis.signing;

import io.portcullis.change.ChangesMissed;
import io.portcullis.change.EnvironmentChanged;
import io.portcullis.change.NotInMemory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The signing keys of every environment in use, decrypted and held in memory so that issuing a
 * token needs no database round trip. An environment's entry is dropped when it changes and
 * loaded again on next use.
 */
@Singleton
public class KeyRing {

    private final SigningKeyLoader loader;
    private final ConcurrentMap<UUID, EnvironmentKeys> environments = new ConcurrentHashMap<>();

    public KeyRing(SigningKeyLoader loader) {
        this.loader = loader;
    }

    /**
     * The keys of an environment known to exist (callers check existence first).
     *
     * @throws NotInMemory when they must be loaded and the current thread is an event loop
     */
    public EnvironmentKeys keysOf(UUID environmentId) {
        EnvironmentKeys held = environments.get(environmentId);
        if (held != null) {
            return held;
        }
        NotInMemory.requireBlockingAllowed();
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
