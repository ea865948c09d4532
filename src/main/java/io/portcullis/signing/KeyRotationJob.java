package io.portcullis.signing;

import io.portcullis.jobs.BackgroundJob;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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
    private final SigningKeyRepository keys;

    public KeyRotationJob(KeyRotationPolicyService rotation, SigningKeyMetrics metrics, SigningKeyRepository keys) {
        this.rotation = rotation;
        this.metrics = metrics;
        this.keys = keys;
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

    /** The keys applications sign with (see {@link SigningKeyRepository#keysInUse()}). */
    @Transactional
    List<SigningKeyMetrics.KeyInUse> keysInUse() {
        return keys.keysInUse();
    }
}
