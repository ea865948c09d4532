package io.portcullis.application;

import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A management role held by an application, over the organization or one environment. */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "role_assignments")
public class RoleAssignment implements EnvironmentScoped {
    @Id
    public UUID id;

    @Column(name = "application_id")
    public UUID applicationId;

    @Column(name = "role_name")
    public String roleName;

    @Column(name = "scope_type")
    public String scopeType;

    @Column(name = "scope_id")
    public UUID scopeId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.owner(Application.class, applicationId);
    }
}
