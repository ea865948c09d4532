package io.portcullis.application;

import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** Gives one application some scopes of one resource. */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "application_grants")
public class ApplicationGrant implements EnvironmentScoped {
    @Id
    public UUID id;

    @Column(name = "application_id")
    public UUID applicationId;

    @Column(name = "resource_id")
    public UUID resourceId;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "application_grant_scopes", joinColumns = @JoinColumn(name = "grant_id"))
    @Column(name = "scope_id")
    public Set<UUID> scopeIds = new LinkedHashSet<>();

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.owner(Application.class, applicationId);
    }
}
