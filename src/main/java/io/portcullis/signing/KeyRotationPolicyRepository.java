package io.portcullis.signing;

import io.portcullis.change.ChangePublisher;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Key rotation policies in PostgreSQL, and which policy signs each application's tokens
 * ({@code application_signing}, which has no entity: its writes publish their change here).
 */
@ApplicationScoped
public class KeyRotationPolicyRepository implements PanacheRepositoryBase<KeyRotationPolicy, UUID> {

    private final ChangePublisher changes;

    public KeyRotationPolicyRepository(ChangePublisher changes) {
        this.changes = changes;
    }

    public List<KeyRotationPolicy> listByEnvironment(UUID environmentId) {
        return list("environmentId = ?1 order by createdAt", environmentId);
    }

    public Optional<KeyRotationPolicy> findInEnvironment(UUID environmentId, UUID id) {
        return find("id = ?1 and environmentId = ?2", id, environmentId).firstResultOptional();
    }

    public Optional<KeyRotationPolicy> findDefault(UUID environmentId) {
        return find("environmentId = ?1 and isDefault = true", environmentId).firstResultOptional();
    }

    /**
     * Locks and returns the ids of up to {@code limit} policies whose rotation is due at {@code now}
     * (or that have no keys yet). Rows another replica is rotating are skipped, not waited for: each
     * policy is rotated by exactly one replica.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> lockDue(Instant now, int limit, UUID environmentIdOrNull) {
        var query = getEntityManager().createNativeQuery("""
                        SELECT id FROM key_rotation_policies
                        WHERE (rotated_at IS NULL OR rotated_at + make_interval(days => rotation_period) <= ?1)"""
                        + (environmentIdOrNull != null ? " AND environment_id = ?3" : "")
                        + " ORDER BY id LIMIT ?2 FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter(1, now)
                .setParameter(2, limit);
        if (environmentIdOrNull != null) {
            query.setParameter(3, environmentIdOrNull);
        }
        return query.getResultList();
    }

    /** Locks one policy's row for a rotation asked for through the API (waits for a running one). */
    public void lock(UUID policyId) {
        getEntityManager().createNativeQuery("SELECT id FROM key_rotation_policies WHERE id = ?1 FOR UPDATE")
                .setParameter(1, policyId)
                .getResultList();
    }

    /** The policy that signs each application of the environment that names one. */
    @SuppressWarnings("unchecked")
    public Map<UUID, UUID> policiesOfApplications(UUID environmentId) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        SELECT s.application_id, s.key_rotation_policy_id FROM application_signing s
                        JOIN applications a ON a.id = s.application_id WHERE a.environment_id = ?1""")
                .setParameter(1, environmentId)
                .getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> (UUID) r[1]));
    }

    @SuppressWarnings("unchecked")
    public Optional<UUID> policyOfApplication(UUID applicationId) {
        List<UUID> rows = getEntityManager()
                .createNativeQuery("SELECT key_rotation_policy_id FROM application_signing WHERE application_id = ?1", UUID.class)
                .setParameter(1, applicationId)
                .getResultList();
        return rows.stream().findFirst();
    }

    /** Native SQL, which no entity listener sees: the key ring's change is published explicitly. */
    public void setPolicyOfApplication(UUID environmentId, UUID applicationId, UUID policyIdOrNull) {
        getEntityManager().flush(); // a new application's row first
        getEntityManager().createNativeQuery("DELETE FROM application_signing WHERE application_id = ?1")
                .setParameter(1, applicationId)
                .executeUpdate();
        if (policyIdOrNull != null) {
            getEntityManager().createNativeQuery(
                            "INSERT INTO application_signing (application_id, key_rotation_policy_id) VALUES (?1, ?2)")
                    .setParameter(1, applicationId)
                    .setParameter(2, policyIdOrNull)
                    .executeUpdate();
        }
        changes.environmentChanged(environmentId);
    }

    public long applicationsUsing(UUID policyId) {
        return ((Number) getEntityManager()
                .createNativeQuery("SELECT count(*) FROM application_signing WHERE key_rotation_policy_id = ?1")
                .setParameter(1, policyId)
                .getSingleResult()).longValue();
    }
}
