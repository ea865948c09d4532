package io.portcullis.directory;

import io.portcullis.change.ChangesMissed;
import io.portcullis.change.EnvironmentChanged;
import io.portcullis.change.NotInMemory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory copy of every environment's clients and resources that the token endpoint reads,
 * so that a warm token request makes no database round trip. The set of existing environment ids
 * is held too, so requests for unknown environments never reach the database. Changes arrive as
 * events, from this replica's transactions and from the other replicas' notifications
 * ({@link io.portcullis.change.ChangeListener}); each drops only the environment it names.
 */
@Singleton
public class Directory {

    private final DirectoryLoader loader;
    private final ConcurrentMap<UUID, EnvironmentView> views = new ConcurrentHashMap<>();
    /** Bumped when everything is dropped: a set of ids read before then is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Set<UUID> environmentIds;
    /** Environments changed since the set of ids was read: each one's existence is read again alone. */
    private final ConcurrentMap<UUID, Object> unsure = new ConcurrentHashMap<>();

    public Directory(DirectoryLoader loader) {
        this.loader = loader;
    }

    /**
     * The environment, loading it first if needed.
     *
     * @throws NotInMemory when it must be loaded and the current thread is an event loop
     */
    public Optional<EnvironmentView> environment(UUID environmentId) {
        if (!exists(environmentId)) {
            return Optional.empty();
        }
        EnvironmentView view = views.get(environmentId);
        if (view != null) {
            return Optional.of(view);
        }
        NotInMemory.requireBlockingAllowed();
        // computeIfAbsent holds the entry while loading: an invalidation that arrives meanwhile
        // waits and then removes the loaded view, so no change is hidden behind an older load.
        return Optional.of(views.computeIfAbsent(environmentId, loader::load));
    }

    /** @throws NotInMemory when the set of environments must be loaded and the current thread is an event loop */
    public boolean exists(UUID environmentId) {
        Set<UUID> known = environmentIds;
        if (known == null) {
            NotInMemory.requireBlockingAllowed();
            known = reloadEnvironmentIds();
        }
        Object mark = unsure.get(environmentId);
        return mark == null ? known.contains(environmentId) : recheck(environmentId, mark, known);
    }

    public int size() {
        return views.size();
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) EnvironmentChanged change) {
        invalidate(change.environmentId());
    }

    void onChangesMissed(@Observes ChangesMissed missed) {
        clear();
    }

    /**
     * Drops one environment; whether it still exists is read again for it alone on next use, so
     * that a change costs the same with ten environments as with ten thousand.
     */
    public void invalidate(UUID environmentId) {
        unsure.put(environmentId, new Object());
        views.remove(environmentId);
    }

    /** Drops everything; the next request reloads what it needs. */
    public void clear() {
        generation.incrementAndGet();
        environmentIds = null;
        unsure.clear();
        views.clear();
    }

    private boolean recheck(UUID environmentId, Object mark, Set<UUID> known) {
        NotInMemory.requireBlockingAllowed();
        boolean exists = loader.exists(environmentId);
        synchronized (this) {
            // Kept only if no change to this environment, and no clearing, came in meanwhile.
            if (environmentIds == known && unsure.remove(environmentId, mark)) {
                if (exists) {
                    known.add(environmentId);
                } else {
                    known.remove(environmentId);
                }
            }
        }
        return exists;
    }

    private synchronized Set<UUID> reloadEnvironmentIds() {
        Set<UUID> known = environmentIds;
        if (known == null) {
            long loadedAt = generation.get();
            known = ConcurrentHashMap.newKeySet();
            known.addAll(loader.environmentIds());
            if (generation.get() == loadedAt) {
                environmentIds = known; // else everything was dropped meanwhile: use it once, keep nothing
            }
        }
        return known;
    }
}
