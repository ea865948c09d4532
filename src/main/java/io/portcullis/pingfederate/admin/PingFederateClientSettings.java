package io.portcullis.pingfederate.admin;

import io.portcullis.application.Application;
import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** What a PingFederate OAuth client says beyond its application: whether its scopes are restricted. */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "pingfederate_clients")
public class PingFederateClientSettings implements EnvironmentScoped {
    @Id
    @Column(name = "application_id")
    public UUID applicationId;

    /** False: the client may ask for every common scope, including those added later. */
    @Column(name = "restrict_scopes")
    public boolean restrictScopes;

    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.owner(Application.class, applicationId);
    }
}
