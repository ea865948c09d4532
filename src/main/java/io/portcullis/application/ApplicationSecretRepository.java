package io.portcullis.application;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
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

    public List<ApplicationSecret> listByApplication(UUID applicationId) {
        return list("applicationId", applicationId);
    }
}
