package io.portcullis.signing;

import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A key rotation policy (PingOne's KRP): the specification of the keys it generates and how often
 * it rotates them. Periods are in days, as PingOne has them.
 */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "key_rotation_policies")
public class KeyRotationPolicy implements EnvironmentScoped {
    @Id
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    public String name;

    /** Applied as subject and issuer DN of the (self-signed) keys it generates. */
    public String dn;

    public String algorithm;

    @Column(name = "key_length")
    public int keyLength;

    @Column(name = "signature_algorithm")
    public String signatureAlgorithm;

    @Column(name = "usage_type")
    public String usageType;

    /** Days each generated key is valid. */
    @Column(name = "validity_period")
    public int validityPeriod;

    /** Days between rotations. */
    @Column(name = "rotation_period")
    public int rotationPeriod;

    @Column(name = "is_default")
    public boolean isDefault;

    /** The last rotation, or null before the first (the next rotation run creates the keys). */
    @Column(name = "rotated_at")
    public Instant rotatedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    public Duration validity() {
        return Duration.ofDays(validityPeriod);
    }


    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.environment(environmentId);
    }
}
