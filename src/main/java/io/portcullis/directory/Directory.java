package io.portcullis.directory;

import io.portcullis.change.ChangesMissed;
import io.portcullis.change.EnvironmentChanged;
import io.portcullis.change.FullReloadDue;
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
 * ({@link io.portcullis.change.ChangeListener}).
 */
@Singleton
public class Directory {

    private final DirectoryLoader loader;
    private final ConcurrentMap<UUID, EnvironmentView> views = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile Set<UUID> environmentIds;

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
        return known.contains(environmentId);
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

    void onFullReloadDue(@Observes FullReloadDue due) {
        refresh();
    }

    /** Drops one environment (and re-reads which environments exist). */
    public void invalidate(UUID environmentId) {
        generation.incrementAndGet();
        environmentIds = null;
        views.remove(environmentId);
    }

    /** Drops everything; the next request reloads what it needs. */
    public void clear() {
        generation.incrementAndGet();
        environmentIds = null;
        views.clear();
    }

    /**
     * Reloads everything held while requests go on reading the old copies. A copy that a change
     * dropped or replaced meanwhile is left alone: the change wins over this reload.
     */
    public void refresh() {
        long loadedAt = generation.get();
        Set<UUID> known = loader.environmentIds();
        synchronized (this) {
            if (generation.get() == loadedAt) {
                environmentIds = known;
            }
        }
        for (var entry : views.entrySet()) {
            UUID id = entry.getKey();
            EnvironmentView held = entry.getValue();
            if (!known.contains(id)) {
                views.remove(id, held);
            } else {
                views.replace(id, held, loader.load(id));
            }
        }
    }

    private synchronized Set<UUID> reloadEnvironmentIds() {
        Set<UUID> known = environmentIds;
        if (known == null) {
            long loadedAt = generation.get();
            known = loader.environmentIds();
            if (generation.get() == loadedAt) {
                environmentIds = known; // else a change came in meanwhile: use it once, keep nothing
            }
        }
        return known;
    }
}
