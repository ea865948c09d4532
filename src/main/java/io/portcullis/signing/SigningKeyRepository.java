package io.portcullis.signing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
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
}
