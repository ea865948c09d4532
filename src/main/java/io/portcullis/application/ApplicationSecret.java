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

/**
 * A client secret: sealed under the master key (so it can be shown again, as PingOne does) and
 * digested for the token endpoint. {@code expiresAt} is null for the current secret and set for
 * the previous one during its grace period.
 */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "application_secrets")
public class ApplicationSecret implements EnvironmentScoped {
    @Id
    public UUID id;

    @Column(name = "application_id")
    public UUID applicationId;

    public byte[] ciphertext;
    public byte[] digest;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** The associated data that binds the ciphertext to this secret's row. */
    public static String sealingContext(UUID secretId) {
        return "application_secret:" + secretId;
    }

    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.owner(Application.class, applicationId);
    }
}
