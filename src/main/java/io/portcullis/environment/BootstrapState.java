package io.portcullis.environment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one row of {@code bootstrap_state}: the administrators' environment and worker application
 * that the first start created (bootstrap/Bootstrap). The only code that reads or writes the table.
 */
@ApplicationScoped
public class BootstrapState {

    private final EntityManager entityManager;

    public BootstrapState(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Whether the database has been bootstrapped. */
    @Transactional
    public boolean exists() {
        Number rows = (Number) entityManager.createNativeQuery("select count(*) from bootstrap_state").getSingleResult();
        return rows.intValue() > 0;
    }

    /** Records the bootstrap, in the transaction that created what it names. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID environmentId, UUID applicationId, Instant at) {
        entityManager.createNativeQuery(
                        "insert into bootstrap_state (id, environment_id, application_id, created_at) values (1, ?1, ?2, ?3)")
                .setParameter(1, environmentId)
                .setParameter(2, applicationId)
                .setParameter(3, at)
                .executeUpdate();
    }

    /** The administrators' environment, empty before the first bootstrap. */
    @Transactional
    public Optional<UUID> environmentId() {
        return first(entityManager.createNativeQuery("select environment_id from bootstrap_state", UUID.class).getResultList());
    }

    /** The bootstrap worker application (its client id), empty before the first bootstrap. */
    @Transactional
    public Optional<UUID> applicationId() {
        return first(entityManager.createNativeQuery("select application_id from bootstrap_state", UUID.class).getResultList());
    }

    private static Optional<UUID> first(List<?> rows) {
        return rows.stream().map(UUID.class::cast).findFirst();
    }
}
