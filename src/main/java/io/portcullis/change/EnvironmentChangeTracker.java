package io.portcullis.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/**
 * The JPA entity listener of every {@link EnvironmentScoped} entity: each row Hibernate inserts,
 * updates or deletes is handed to {@link ChangePublisher}, which publishes its environment once
 * when the transaction commits. Bulk JPQL and native SQL bypass it: a repository that writes so
 * calls {@link ChangePublisher#environmentChanged} itself ({@code ArchitectureTest} lists them).
 */
@ApplicationScoped
public class EnvironmentChangeTracker {

    private final ChangePublisher changes;

    public EnvironmentChangeTracker(ChangePublisher changes) {
        this.changes = changes;
    }

    @PostPersist
    @PostRemove
    void insertedOrDeleted(EnvironmentScoped row) {
        changes.rowWritten(row.belongsTo());
    }

    @PostUpdate
    void updated(EnvironmentScoped row) {
        if (row.updateChangesWhatIsHeld()) {
            changes.rowWritten(row.belongsTo());
        }
    }
}
