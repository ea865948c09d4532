package io.portcullis.directory;

import io.portcullis.change.ChangesMissed;
import io.portcullis.change.EnvironmentChanged;
import io.portcullis.config.Blocking;
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
 *
 * <p>Loading reads PostgreSQL, so it happens only on threads that may block. The token endpoint asks
 * {@link #held} on the event loop, without loading, whether a request can be served from memory, and
 * serves it there with what it was told bound to {@link #HELD_FOR_REQUEST}: a change that drops the
 * environment while the request runs does not send it to the database, the request is answered
 * from what was held when it began, as if it had come before the change.
 */
@Singleton
public class Directory {

    /** What the current request, served from memory, was decided with ({@link #held}). */
    public static final ScopedValue<Held> HELD_FOR_REQUEST = ScopedValue.newInstance();

    /**
     * What memory holds about one environment: that it does not exist ({@code view} null), or its view.
     */
    public record Held(UUID environmentId, EnvironmentView view) {
        public boolean exists() {
            return view != null;
        }
    }

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
     * What memory holds about the environment, read without loading anything: whether it exists and,
     * if it does, its view; empty when either must first be read from PostgreSQL.
     */
    public Optional<Held> held(UUID environmentId) {
        Set<UUID> known = environmentIds;
        if (known == null || unsure.containsKey(environmentId)) {
            return Optional.empty();
        }
        if (!known.contains(environmentId)) {
            return Optional.of(new Held(environmentId, null));
        }
        EnvironmentView view = views.get(environmentId);
        return view == null ? Optional.empty() : Optional.of(new Held(environmentId, view));
    }

    /**
     * The environment, loading it first if needed; within a request served from memory, the view
     * held when it began.
     *
     * @throws IllegalStateException when it must be loaded and the current thread is an event loop
     */
    public Optional<EnvironmentView> environment(UUID environmentId) {
        if (!exists(environmentId)) {
            return Optional.empty();
        }
        EnvironmentView view = views.get(environmentId);
        if (view != null) {
            return Optional.of(view);
        }
        Held held = heldForRequest(environmentId);
        if (held != null) {
            return Optional.ofNullable(held.view()); // dropped by a change since the request began
        }
        Blocking.required("loading an environment");
        // computeIfAbsent holds the entry while loading: an invalidation that arrives meanwhile
        // waits and then removes the loaded view, so no change is hidden behind an older load.
        return Optional.of(views.computeIfAbsent(environmentId, loader::load));
    }

    /**
     * Whether the environment exists; within a request served from memory, whether it did when the
     * request began, if a change has made that unsure since.
     *
     * @throws IllegalStateException when it must be read from PostgreSQL and the current thread is an event loop
     */
    public boolean exists(UUID environmentId) {
        Set<UUID> known = environmentIds;
        Object mark = known == null ? null : unsure.get(environmentId);
        if (known != null && mark == null) {
            return known.contains(environmentId);
        }
        Held held = heldForRequest(environmentId);
        if (held != null) {
            return held.exists();
        }
        Blocking.required("reading which environments exist");
        if (known == null) {
            known = reloadEnvironmentIds();
            mark = unsure.get(environmentId);
        }
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

    private static Held heldForRequest(UUID environmentId) {
        if (!HELD_FOR_REQUEST.isBound()) {
            return null;
        }
        Held held = HELD_FOR_REQUEST.get();
        return held.environmentId().equals(environmentId) ? held : null;
    }

    private boolean recheck(UUID environmentId, Object mark, Set<UUID> known) {
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
