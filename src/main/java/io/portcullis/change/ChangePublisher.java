package io.portcullis.change;

import io.portcullis.change.EnvironmentScoped.BelongsTo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;

/**
 * Publishes, once per transaction and environment, that an environment changed. It collects what
 * the transaction wrote: the rows of {@link EnvironmentScoped} entities, handed over by
 * {@link EnvironmentChangeTracker}, and the environments a repository names for the native SQL it
 * ran ({@link #environmentChanged}). Before commit, after Hibernate's last flush, it resolves them to
 * environment ids and, for each, adds a row to {@code environment_changes} (insert only: writers
 * never wait for each other there) and sends PostgreSQL {@code NOTIFY} on {@link #CHANNEL}, which
 * PostgreSQL delivers to every replica's {@link ChangeListener} only if the transaction commits; the
 * periodic check of {@code environment_changes} catches a lost notification. After a successful
 * commit it fires {@link EnvironmentChanged} to this replica's observers. The payload is
 * {@code <environment id> <sent at, epoch ms> <replica id>}: receivers measure from the time how
 * long a change took to reach them, and the sender's own listener skips it.
 */
@ApplicationScoped
public class ChangePublisher {

    public static final String CHANNEL = "portcullis_changes";
    /** The key of a transaction's {@link Pending} changes among its resources. */
    private static final Object PENDING = new Object();

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final Event<EnvironmentChanged> events;
    private final ReplicaIdentity replica;

    public ChangePublisher(EntityManager entityManager, TransactionSynchronizationRegistry transactions,
            Event<EnvironmentChanged> events, ReplicaIdentity replica) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.events = events;
        this.replica = replica;
    }

    /**
     * The current transaction changed the environment through a write Hibernate does not see (native
     * SQL, a bulk statement): published with the rest of its changes at commit.
     *
     * @throws IllegalStateException outside a transaction
     */
    public void environmentChanged(UUID environmentId) {
        pending().add(BelongsTo.environment(environmentId));
    }

    /** Hibernate wrote a row of an {@link EnvironmentScoped} entity in the current transaction. */
    void rowWritten(BelongsTo where) {
        pending().add(where);
    }

    private Pending pending() {
        Pending pending = (Pending) transactions.getResource(PENDING);
        if (pending == null) {
            pending = new Pending();
            transactions.putResource(PENDING, pending);
            // Hibernate runs these around the commit: before it, after its own last flush; after it, with the outcome.
            TransactionCompletionCallbacks callbacks =
                    entityManager.unwrap(SharedSessionContractImplementor.class).getTransactionCompletionCallbacks();
            callbacks.registerCallback((BeforeCompletionCallback) pending::publish);
            callbacks.registerCallback((AfterCompletionCallback) pending::announce);
        }
        return pending;
    }

    /** What one transaction changed. */
    private final class Pending {

        private final Set<BelongsTo> written = new LinkedHashSet<>();
        private Set<UUID> environments = Set.of();

        void add(BelongsTo where) {
            written.add(where);
        }

        /** Before commit: one {@code environment_changes} row and one notification per environment. */
        void publish(SharedSessionContractImplementor session) {
            Set<UUID> ids = new LinkedHashSet<>();
            for (BelongsTo where : written) {
                environmentOf(where).ifPresent(ids::add);
            }
            for (UUID id : ids) {
                entityManager.createNativeQuery("insert into environment_changes (environment_id) values (?1)")
                        .setParameter(1, id)
                        .executeUpdate();
                entityManager.createNativeQuery("select pg_notify(?1, ?2)")
                        .setParameter(1, CHANNEL)
                        .setParameter(2, id + " " + System.currentTimeMillis() + " " + replica.id())
                        .getSingleResult();
            }
            environments = ids;
        }

        /** After commit: this replica's observers drop what they hold (others have the notification). */
        void announce(boolean committed, SharedSessionContractImplementor session) {
            if (committed) {
                environments.forEach(id -> events.fire(new EnvironmentChanged(id)));
            }
        }
    }

    /**
     * A row's environment, through its owners. An owner that is gone (deleted in the same
     * transaction) has none: its own deletion is the change published for its environment.
     */
    private Optional<UUID> environmentOf(BelongsTo where) {
        return switch (where) {
            case BelongsTo.Environment environment -> Optional.ofNullable(environment.environmentId());
            case BelongsTo.Owner owner -> Optional.ofNullable(entityManager.find(owner.type(), owner.id()))
                    .flatMap(row -> environmentOf(row.belongsTo()));
        };
    }
}
