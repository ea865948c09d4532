package io.portcullis.signing;

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

/**
 * A signing key of one environment: public key as X.509 DER, private key as PKCS#8 DER sealed
 * under the master key. Manual keys are managed through {@code /keys}; policy keys are made and
 * rotated by their key rotation policy. Every unexpired key is published.
 */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "signing_keys")
public class SigningKey implements EnvironmentScoped {
    @Id
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    /** {@code RSA} or {@code EC}. */
    public String algorithm;

    @Column(name = "key_length")
    public int keyLength;

    /** {@code SHA256withRSA}, {@code SHA256withECDSA}, ... */
    @Column(name = "signature_algorithm")
    public String signatureAlgorithm;

    @Column(name = "usage_type")
    public String usageType;

    @Column(name = "is_default")
    public boolean isDefault;

    public String status;

    @Column(name = "public_key")
    public byte[] publicKey;

    @Column(name = "private_key_ciphertext")
    public byte[] privateKeyCiphertext;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** The key signs from this instant on: at creation for manual keys, later for a policy's next key. */
    @Column(name = "activates_at")
    public Instant activatesAt;

    /** The key rotation policy that made and rotates this key, or null for a manual key. */
    @Column(name = "rotation_policy_id")
    public UUID rotationPolicyId;

    /** A policy key's place in its rotation: {@code PREVIOUS}, {@code CURRENT} or {@code NEXT}; null for a manual key. */
    public String designation;

    public String name;

    @Column(name = "subject_dn")
    public String subjectDn;

    @Column(name = "issuer_dn")
    public String issuerDn;

    @Column(name = "serial_number")
    public java.math.BigInteger serialNumber;

    @Version
    public long version;

    /** The associated data that binds the sealed private key to this key's row. */
    public static String sealingContext(UUID keyId) {
        return "signing_key:" + keyId;
    }

    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.environment(environmentId);
    }
}
