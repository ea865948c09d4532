package io.portcullis.signing;

import io.portcullis.crypto.MasterKey;
import io.portcullis.startup.StartupTimeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Generates signing keys, seals their private halves under the master key, stores them, changes the default, deletes them. */
@ApplicationScoped
public class SigningKeyService {

    public static final Set<Integer> RSA_LENGTHS = Set.of(2048, 3072, 4096);
    public static final Set<Integer> EC_LENGTHS = Set.of(256, 384);
    /** How long a new key is valid when the caller does not say. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);
    /** Manual keys (those of {@code /keys}) one environment may hold. */
    public static final int MAX_MANUAL_KEYS = 50;

    private final SigningKeyRepository keys;
    private final MasterKey masterKey;
    private final SecureRandom random;
    private final Clock clock;

    public SigningKeyService(
            SigningKeyRepository keys, MasterKey masterKey, SecureRandom random, Clock clock) {
        this.keys = keys;
        this.masterKey = masterKey;
        this.random = random;
        this.clock = clock;
    }

    /** What a new key should be; {@code keyLength} is the RSA modulus or the EC curve size. */
    public record KeySpec(String algorithm, int keyLength, SignatureAlgorithm signatureAlgorithm, Instant expiresAt) {
        public static KeySpec defaultRsa(Instant now) {
            return new KeySpec("RSA", 2048, SignatureAlgorithm.SHA256withRSA, now.plus(DEFAULT_LIFETIME));
        }
    }

    /** PingOne's descriptive fields of a manual key; all optional. */
    public record KeyNames(String name, String subjectDn, String issuerDn, java.math.BigInteger serialNumber) {
        public static final KeyNames NONE = new KeyNames(null, null, null, null);
    }

    /** The environment already holds {@link #MAX_MANUAL_KEYS} manual keys. */
    public static final class TooManyKeys extends RuntimeException {
        TooManyKeys() {
            super("The environment already has " + MAX_MANUAL_KEYS + " keys", null, false, false);
        }
    }

    /** Creates a manual key; it becomes the default when asked to or when the environment has none. */
    @Transactional
    public SigningKey create(UUID environmentId, KeySpec spec, boolean makeDefault) {
        return create(environmentId, spec, makeDefault, KeyNames.NONE);
    }

    /**
     * Creates a manual key, signing from now on; it becomes the default when asked to or when the
     * environment has none.
     *
     * @throws TooManyKeys when the environment already holds {@link #MAX_MANUAL_KEYS} manual keys
     */
    @Transactional
    public SigningKey create(UUID environmentId, KeySpec spec, boolean makeDefault, KeyNames names) {
        Instant now = clock.instant();
        KeyPair pair = generate(spec); // before the lock: generation is the slow part
        lockKeysOf(environmentId);
        List<SigningKey> existing = keys.listByEnvironment(environmentId).stream().filter(k -> k.rotationPolicyId == null).toList();
        if (existing.size() >= MAX_MANUAL_KEYS) {
            throw new TooManyKeys();
        }
        SigningKey key = newKey(environmentId, spec, pair, now, now);
        // PingOne's keys always have a name, DNs and a serial number: made up when not given.
        key.name = names.name() != null ? names.name() : key.id.toString();
        key.subjectDn = names.subjectDn() != null ? names.subjectDn() : "CN=" + key.name;
        key.issuerDn = names.issuerDn() != null ? names.issuerDn() : key.subjectDn; // self-signed
        if (names.serialNumber() != null) {
            key.serialNumber = names.serialNumber();
        }
        boolean hasDefault = existing.stream().anyMatch(k -> k.isDefault);
        if (makeDefault && hasDefault) {
            clearDefault(existing);
        }
        key.isDefault = makeDefault || !hasDefault;
        keys.persist(key);
        return key;
    }

    /**
     * Stores a key generated for a key rotation policy, published at once and signing from
     * {@code activatesAt} on (the caller holds the policy's lock).
     */
    SigningKey createPolicyKey(KeyRotationPolicy policy, String designation, Instant now, Instant activatesAt) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.of(policy.signatureAlgorithm).orElseThrow();
        KeySpec spec = new KeySpec(policy.algorithm, policy.keyLength, algorithm, now.plus(policy.validity()));
        SigningKey key = newKey(policy.environmentId, spec, generate(spec), now, activatesAt);
        key.rotationPolicyId = policy.id;
        key.designation = designation;
        key.name = policy.name;
        key.subjectDn = policy.dn;
        key.issuerDn = policy.dn; // PingOne: policy keys are self-signed
        keys.persist(key);
        return key;
    }

    private SigningKey newKey(UUID environmentId, KeySpec spec, KeyPair pair, Instant now, Instant activatesAt) {
        SigningKey key = new SigningKey();
        key.id = UUID.randomUUID();
        key.environmentId = environmentId;
        key.algorithm = spec.algorithm();
        key.keyLength = spec.keyLength();
        key.signatureAlgorithm = spec.signatureAlgorithm().name();
        key.usageType = "SIGNING";
        key.status = "VALID";
        key.publicKey = pair.getPublic().getEncoded();
        key.privateKeyCiphertext = masterKey.seal(pair.getPrivate().getEncoded(), SigningKey.sealingContext(key.id));
        key.serialNumber = new java.math.BigInteger(63, random);
        key.createdAt = now;
        key.activatesAt = activatesAt;
        key.expiresAt = spec.expiresAt();
        return key;
    }

    /** Makes one key the default signer of its environment; the others stay published. */
    @Transactional
    public void makeDefault(SigningKey key) {
        if (key.isDefault) {
            return;
        }
        lockKeysOf(key.environmentId);
        clearDefault(keys.listByEnvironment(key.environmentId));
        key.isDefault = true;
    }

    /**
     * Deletes a key that is not the default; tokens it signed stop verifying once the JWKS no
     * longer lists it. Returns false for the default key, which always stays.
     */
    @Transactional
    public boolean delete(UUID environmentId, UUID keyId) {
        lockKeysOf(environmentId); // not while another request makes this key the default
        Optional<SigningKey> key = keys.findInEnvironment(environmentId, keyId)
                .filter(k -> !k.isDefault && k.rotationPolicyId == null);
        key.ifPresent(keys::delete);
        return key.isPresent();
    }

    /**
     * Serialises key changes of one environment across instances (a row lock on the environment):
     * two keys created as default at once would otherwise both clear the old default, and one would
     * fail on the one-default-key index.
     */
    private void lockKeysOf(UUID environmentId) {
        // By entity name: environment depends on signing (it creates an environment's first key).
        keys.getEntityManager().createQuery("select e from Environment e where e.id = ?1")
                .setParameter(1, environmentId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    void clearDefault(List<SigningKey> existing) {
        for (SigningKey other : existing) {
            if (other.isDefault) {
                other.isDefault = false;
            }
        }
        // The partial unique index allows one default per environment: write the clearing first.
        keys.flush();
    }

    private KeyPair generate(KeySpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(spec.algorithm());
            if ("RSA".equals(spec.algorithm())) {
                generator.initialize(new RSAKeyGenParameterSpec(spec.keyLength(), RSAKeyGenParameterSpec.F4), random);
            } else {
                String curve = spec.keyLength() == 384 ? "secp384r1" : "secp256r1";
                generator.initialize(new ECGenParameterSpec(curve), random);
            }
            return StartupTimeline.time("signing key generation", generator::generateKeyPair);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + spec.algorithm() + " key", e);
        }
    }
}
