package io.portcullis.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Announces a change of an environment inside the writing transaction: to this replica through a
 * CDI event that observers take after a successful commit, and to every replica through
 * PostgreSQL {@code NOTIFY}, which PostgreSQL delivers only if the transaction commits. The
 * payload is {@code <environment id> <sent at, epoch ms> <replica id>}: receivers measure from the
 * time how long a change took to reach them, and the sender's own listener skips it. The same
 * transaction adds a row to {@code environment_changes} (insert only: writers never wait for each
 * other there), which every replica's periodic check reads ({@link ChangeListener}): a lost
 * notification is caught there.
 */
@ApplicationScoped
public class ChangePublisher {

    public static final String CHANNEL = "portcullis_changes";

    private final EntityManager entityManager;
    private final Event<EnvironmentChanged> events;
    private final ReplicaIdentity replica;

    public ChangePublisher(EntityManager entityManager, Event<EnvironmentChanged> events, ReplicaIdentity replica) {
        this.entityManager = entityManager;
        this.events = events;
        this.replica = replica;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void environmentChanged(UUID environmentId) {
        entityManager
                .createNativeQuery("insert into environment_changes (environment_id) values (?1)")
                .setParameter(1, environmentId)
                .executeUpdate();
        entityManager
                .createNativeQuery("select pg_notify(?1, ?2)")
                .setParameter(1, CHANNEL)
                .setParameter(2, environmentId + " " + System.currentTimeMillis() + " " + replica.id())
                .getSingleResult();
        // Observed with during = AFTER_SUCCESS: nothing is dropped for a rolled-back change.
        events.fire(new EnvironmentChanged(environmentId));
    }
}
