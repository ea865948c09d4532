package io.portcullis.resource;

import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A resource's own secret, for introspection by the resource server: sealed under the master key
 * (so it can be shown again, as PingOne does) and digested for the introspection endpoint.
 */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "resource_secrets")
public class ResourceSecret implements EnvironmentScoped {
    @Id
    public UUID id;

    @Column(name = "resource_id")
    public UUID resourceId;

    public byte[] ciphertext;
    public byte[] digest;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The associated data that binds the ciphertext to this secret's row. */
    public static String sealingContext(UUID secretId) {
        return "resource_secret:" + secretId;
    }

    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.owner(Resource.class, resourceId);
    }
}
