package io.portcullis.application;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Applications in PostgreSQL; every lookup is scoped to its environment. */
@ApplicationScoped
public class ApplicationRepository implements PanacheRepositoryBase<Application, UUID> {

    public Optional<Application> findInEnvironment(UUID environmentId, UUID id) {
        return find("id = ?1 and environmentId = ?2", id, environmentId).firstResultOptional();
    }

    /** The application whose chosen client id this is (PingFederate's {@code clientId}). */
    public Optional<Application> findByClientId(UUID environmentId, String clientId) {
        return find("environmentId = ?1 and clientId = ?2", environmentId, clientId).firstResultOptional();
    }

    public List<Application> listByEnvironment(UUID environmentId) {
        return list("environmentId", environmentId);
    }
}
