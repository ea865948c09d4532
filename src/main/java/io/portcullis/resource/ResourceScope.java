package io.portcullis.resource;

import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A scope of one resource; its name is what clients request. */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "resource_scopes")
public class ResourceScope implements EnvironmentScoped {
    @Id
    public UUID id;

    @Column(name = "resource_id")
    public UUID resourceId;

    public String name;
    public String description;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.owner(Resource.class, resourceId);
    }
}
