package io.portcullis.audit;

import io.portcullis.management.Caller;
import io.portcullis.oauth.ClientLocked;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records management changes in the same transaction as the change itself, so that a change
 * without its record (or a record of a change that rolled back) cannot exist. The only writer of
 * the {@code activities} table: other features' events (a client lockout) come here too.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final ActivityRepository activities;
    private final Clock clock;
    private final SecureRandom random;

    public AuditLog(ActivityRepository activities, Clock clock, SecureRandom random) {
        this.activities = activities;
        this.clock = clock;
        this.random = random;
    }

    /** Records {@code <resourceType>.<verb>} (e.g. APPLICATION.CREATED) by the caller. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Caller caller, UUID environmentId, String resourceType, String verb, UUID resourceId, String description) {
        persist(clock.instant(), environmentId, caller.clientId(), resourceType + "." + verb, resourceType, resourceId, description);
    }

    /**
     * A brute-force lockout, as an action of the locked application on itself, in the trail of the
     * environment it belongs to; nothing when no application has the id. In a transaction of its
     * own: the failed authentication that tripped the lock has none, and is answered whether or not
     * the record could be written.
     */
    void onClientLocked(@Observes ClientLocked lockout) {
        try {
            QuarkusTransaction.requiringNew().run(() -> activities.environmentOfApplication(lockout.clientId())
                    .ifPresent(environmentId -> persist(lockout.at(), environmentId, lockout.clientId(),
                            "CLIENT_AUTHENTICATION.LOCKED", "APPLICATION", lockout.clientId(), lockout.description())));
        } catch (PersistenceException | QuarkusTransactionException e) {
            LOG.warnf("lockout of %s not recorded in the audit trail (%s)", lockout.clientId(), e.getClass().getSimpleName());
        }
    }

    private void persist(Instant at, UUID environmentId, UUID actorClientId, String action, String resourceType,
            UUID resourceId, String description) {
        Activity activity = new Activity();
        activity.recordedAt = at;
        activity.id = timeOrderedId(at.toEpochMilli());
        activity.environmentId = environmentId;
        activity.actorClientId = actorClientId;
        activity.action = action;
        activity.resourceType = resourceType;
        activity.resourceId = resourceId;
        activity.description = description;
        activities.persist(activity);
    }

    /**
     * RFC 9562 §5.7 UUIDv7: ids sort by time, so the trail pages oldest first by id. The only
     * generator of activity ids.
     */
    private UUID timeOrderedId(long epochMillis) {
        long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0fff);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
