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
 * payload is the environment id and, after a space, the sending time in epoch milliseconds, from
 * which receivers measure how long a change took to reach them.
 */
@ApplicationScoped
public class ChangePublisher {

    public static final String CHANNEL = "portcullis_changes";

    private final EntityManager entityManager;
    private final Event<EnvironmentChanged> events;

    public ChangePublisher(EntityManager entityManager, Event<EnvironmentChanged> events) {
        this.entityManager = entityManager;
        this.events = events;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void environmentChanged(UUID environmentId) {
        entityManager
                .createNativeQuery("select pg_notify(?1, ?2)")
                .setParameter(1, CHANNEL)
                .setParameter(2, environmentId + " " + System.currentTimeMillis())
                .getSingleResult();
        // Observed with during = AFTER_SUCCESS: nothing is dropped for a rolled-back change.
        events.fire(new EnvironmentChanged(environmentId));
    }
}
