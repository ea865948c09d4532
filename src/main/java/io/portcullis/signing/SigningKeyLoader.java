package io.portcullis.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.crypto.MasterKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads an environment's keys from PostgreSQL and opens their private halves. */
@ApplicationScoped
public class SigningKeyLoader {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeyRepository keys;
    private final KeyRotationPolicyRepository policies;
    private final MasterKey masterKey;
    private final ObjectMapper json;
    private final SigningProvider provider;
    private final AccessTokenHeader header;
    private final Clock clock;

    public SigningKeyLoader(
            SigningKeyRepository keys, KeyRotationPolicyRepository policies, MasterKey masterKey, ObjectMapper json,
            SigningProvider provider, AccessTokenHeader header, Clock clock) {
        this.keys = keys;
        this.policies = policies;
        this.masterKey = masterKey;
        this.json = json;
        this.provider = provider;
        this.header = header;
        this.clock = clock;
    }

    // A transaction of its own when called outside one.
    @Transactional
    public EnvironmentKeys load(UUID environmentId) {
        Instant now = clock.instant();
        ActiveKey signer = null;
        List<ActiveKey> published = new ArrayList<>();
        for (SigningKey stored : keys.listByEnvironment(environmentId)) {
            if (!stored.expiresAt.isAfter(now)) {
                continue; // expired keys are neither used nor published
            }
            ActiveKey key = open(stored);
            published.add(key);
            if (stored.isDefault && stored.rotationPolicyId == null) {
                signer = key;
            }
        }
        Map<String, Object> jwks = new LinkedHashMap<>();
        jwks.put("keys", published.stream().map(Jwk::of).toList());
        UUID defaultPolicy = policies.findDefault(environmentId).map(p -> p.id).orElse(null);
        return new EnvironmentKeys(Optional.ofNullable(signer), List.copyOf(published), jwks, defaultPolicy,
                Map.copyOf(policies.policiesOfApplications(environmentId)));
    }

    private ActiveKey open(SigningKey stored) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.of(stored.signatureAlgorithm)
                .orElseThrow(() -> new IllegalStateException("unknown signature algorithm " + stored.signatureAlgorithm));
        try {
            PublicKey publicKey = KeyFactory.getInstance(stored.algorithm)
                    .generatePublic(new X509EncodedKeySpec(stored.publicKey));
            byte[] pkcs8 = masterKey.open(stored.privateKeyCiphertext, SigningKey.sealingContext(stored.id));
            // The signing provider's own key object: it signs without converting the key each time.
            PrivateKey privateKey = provider.keyFactory(stored.algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            Arrays.fill(pkcs8, (byte) 0);
            return new ActiveKey(stored.id, algorithm, privateKey, publicKey, stored.isDefault, stored.expiresAt,
                    encodedHeader(algorithm, stored.id), new KeySignatures(algorithm, privateKey, provider),
                    stored.rotationPolicyId, stored.designation, stored.activatesAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + stored.id + " cannot be read", e);
        }
    }

    /** The header {@link AccessTokenHeader} decides, as BASE64URL of its JSON (RFC 7515 §7.1). */
    private String encodedHeader(SignatureAlgorithm algorithm, UUID kid) {
        try {
            return B64URL.encodeToString(
                    json.writeValueAsString(header.of(algorithm, kid.toString())).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
