package io.portcullis.application;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Application secrets in PostgreSQL. */
@ApplicationScoped
public class ApplicationSecretRepository implements PanacheRepositoryBase<ApplicationSecret, UUID> {

    public Optional<ApplicationSecret> current(UUID applicationId) {
        return find("applicationId = ?1 and expiresAt is null", applicationId).firstResultOptional();
    }

    public List<ApplicationSecret> previous(UUID applicationId) {
        return list("applicationId = ?1 and expiresAt is not null", applicationId);
    }

    /** Deletes the application's previous secrets one by one, so that each deletion is published. */
    public void deletePrevious(UUID applicationId) {
        previous(applicationId).forEach(this::delete);
    }

    public List<ApplicationSecret> listByApplication(UUID applicationId) {
        return list("applicationId", applicationId);
    }

    /**
     * Sets {@code last_used_at} of many secrets in one JDBC batch; a later time already stored stays.
     * Publishes no change: the in-memory directory does not hold this column.
     */
    @Transactional
    public void recordLastUsed(Map<UUID, Instant> lastUsed) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update application_secrets set last_used_at = ? where id = ?"
                            + " and (last_used_at is null or last_used_at < ?)")) {
                for (Map.Entry<UUID, Instant> use : lastUsed.entrySet()) {
                    OffsetDateTime at = use.getValue().atOffset(ZoneOffset.UTC);
                    update.setObject(1, at);
                    update.setObject(2, use.getKey());
                    update.setObject(3, at);
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }
}
