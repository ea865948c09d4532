package io.portcullis.signing;

import io.portcullis.jobs.BackgroundJob;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Runs key rotation on schedule on every replica; each due policy is rotated by exactly one of
 * them (row locks, see {@link KeyRotationPolicyService#rotateDue()}). Then refreshes what
 * {@link SigningKeyMetrics} shows about the keys in use.
 */
@ApplicationScoped
public class KeyRotationJob {

    private final KeyRotationPolicyService rotation;
    private final SigningKeyMetrics metrics;
    private final EntityManager entityManager;

    public KeyRotationJob(KeyRotationPolicyService rotation, SigningKeyMetrics metrics, EntityManager entityManager) {
        this.rotation = rotation;
        this.metrics = metrics;
        this.entityManager = entityManager;
    }

    /** {@code off} or {@code disabled} as the interval schedules nothing (tests run {@link #run()} themselves). */
    @Scheduled(identity = "key-rotation", every = "${portcullis.key-rotation.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @BackgroundJob
    void onSchedule() {
        run();
    }

    /** One run: rotate what is due (more than one batch if need be), then check the keys in use. */
    public List<UUID> run() {
        List<UUID> all = new java.util.ArrayList<>();
        List<UUID> rotated;
        do {
            rotated = rotation.rotateDue();
            all.addAll(rotated);
            metrics.rotated(rotated.size());
        } while (rotated.size() == KeyRotationPolicyService.ROTATIONS_PER_RUN);
        metrics.checked(keysInUse());
        return all;
    }

    /**
     * The keys applications sign with: each policy's current key, and each default manual key of an
     * environment where some application names no policy.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    List<SigningKeyMetrics.KeyInUse> keysInUse() {
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT k.environment_id, k.id, k.expires_at FROM signing_keys k
                WHERE k.designation = 'CURRENT'
                   OR (k.rotation_policy_id IS NULL AND k.is_default AND EXISTS (
                        SELECT 1 FROM applications a WHERE a.environment_id = k.environment_id
                          AND NOT EXISTS (SELECT 1 FROM application_signing s WHERE s.application_id = a.id)))""")
                .getResultList();
        return rows.stream().map(r -> new SigningKeyMetrics.KeyInUse((UUID) r[0], (UUID) r[1], instant(r[2]))).toList();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }
}
