package io.portcullis.signing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Signing keys in PostgreSQL. */
@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKey, UUID> {

    public List<SigningKey> listByEnvironment(UUID environmentId) {
        return list("environmentId = ?1 order by createdAt", environmentId);
    }

    public Optional<SigningKey> findInEnvironment(UUID environmentId, UUID id) {
        return find("id = ?1 and environmentId = ?2", id, environmentId).firstResultOptional();
    }

    /**
     * The keys applications sign with: each policy's current key, and each default manual key of an
     * environment where some application names no policy. Native: application_signing has no entity.
     */
    @SuppressWarnings("unchecked")
    List<SigningKeyMetrics.KeyInUse> keysInUse() {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
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
