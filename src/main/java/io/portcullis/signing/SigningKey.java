package io.portcullis.signing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A signing key of one environment: public key as X.509 DER, private key as PKCS#8 DER sealed
 * under the master key. The default key signs new tokens; every unexpired key is published.
 */
@Entity
@Table(name = "signing_keys")
public class SigningKey {
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

    @Version
    public long version;

    /** The associated data that binds the sealed private key to this key's row. */
    public static String sealingContext(UUID keyId) {
        return "signing_key:" + keyId;
    }
}
