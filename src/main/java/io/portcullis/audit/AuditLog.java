package io.portcullis.audit;

import io.portcullis.management.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Records management changes in the same transaction as the change itself, so that a change
 * without its record (or a record of a change that rolled back) cannot exist.
 */
@ApplicationScoped
public class AuditLog {

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
        Activity activity = new Activity();
        activity.recordedAt = clock.instant();
        activity.id = timeOrderedId(activity.recordedAt.toEpochMilli());
        activity.environmentId = environmentId;
        activity.actorClientId = caller.clientId();
        activity.action = resourceType + "." + verb;
        activity.resourceType = resourceType;
        activity.resourceId = resourceId;
        activity.description = description;
        activities.persist(activity);
    }

    /** RFC 9562 §5.7 UUIDv7: ids sort by time, so the trail pages oldest first by id. */
    private UUID timeOrderedId(long epochMillis) {
        long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0fff);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
