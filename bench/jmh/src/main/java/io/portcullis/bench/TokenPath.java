package io.portcullis.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.application.GrantType;
import io.portcullis.application.SecretUsage;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.clientauth.SecretVerifier;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.crypto.MasterKey;
import io.portcullis.crypto.SecretDigest;
import io.portcullis.crypto.SecretGenerator;
import io.portcullis.directory.AssertionKeys;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.ResourceView;
import io.portcullis.directory.SecretView;
import io.portcullis.signing.AccessTokenSigner;
import io.portcullis.signing.ActiveKey;
import io.portcullis.signing.EnvironmentKeys;
import io.portcullis.signing.KeyRing;
import io.portcullis.signing.KeySignatures;
import io.portcullis.signing.SignatureAlgorithm;
import io.portcullis.signing.SigningKeyLoader;
import io.portcullis.signing.SigningKeyMetrics;
import io.portcullis.signing.SigningProvider;
import io.portcullis.token.AccessTokenClaims;
import io.portcullis.token.AccessTokenIssuer;
import io.portcullis.token.ScopeResolution;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.IOThreadDetector;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The service's own token-path objects, wired by hand as CDI wires them, over one environment with
 * one resource and one application: what the benchmarks measure is the production code.
 */
final class TokenPath {

    static final String PUBLIC_URL = "http://localhost:8080";

    final Clock clock = Clock.systemUTC();
    final SecureRandom random = new SecureRandom();
    final UUID environmentId = UUID.randomUUID();
    final ObjectMapper json = new ObjectMapper();
    final ResourceView resource = new ResourceView(UUID.randomUUID(), "bench-api", "https://api.bench.example", 3600);
    final String secret = new SecretGenerator(random).newSecret();
    final SecretVerifier verifier;
    final ClientView client;
    final SigningProvider provider;
    final ActiveKey key;
    final AccessTokenSigner signer = new AccessTokenSigner(json);
    final AccessTokenClaims claims;
    final AccessTokenIssuer issuer;

    /** @param alg RS256 or ES256; @param providerName jdk or corretto */
    TokenPath(String alg, String providerName) throws GeneralSecurityException, JsonProcessingException {
        // No event loop here: the key ring may load (Quarkus sets the detectors when it starts).
        BlockingOperationControl.setIoThreadDetector(new IOThreadDetector[0]);
        byte[] master = new byte[32];
        random.nextBytes(master);
        MasterKey masterKey = new MasterKey(master, random);
        SecretDigest digest = new SecretDigest(masterKey);
        verifier = new SecretVerifier(digest, new SecretUsage(clock, batch -> {}), clock);
        client = new ClientView(UUID.randomUUID(), environmentId, true, Set.of(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC),
                Set.of(GrantType.CLIENT_CREDENTIALS), List.of(new SecretView(UUID.randomUUID(), digest.of(secret), null)),
                Map.of(resource.id(), Set.of("bench:read", "bench:write")), false, AssertionKeys.NONE, null);

        PortcullisConfig config = config(providerName.equals("corretto"));
        claims = new AccessTokenClaims(config);
        provider = new SigningProvider(config);
        if (providerName.equals("corretto") && provider.nativeProvider().isEmpty()) {
            throw new IllegalStateException("Corretto does not load on this platform");
        }
        key = key(SignatureAlgorithm.valueOf(alg.equals("ES256") ? "SHA256withECDSA" : "SHA256withRSA"));
        // The default manual key of an environment without key rotation policies.
        EnvironmentKeys keys = new EnvironmentKeys(Optional.of(key), List.of(key), Map.of(), null, Map.of());
        SigningKeyLoader loader = new SigningKeyLoader(null, null, masterKey, json, provider, claims, clock) {
            @Override
            public EnvironmentKeys load(UUID id) {
                return keys;
            }
        };
        issuer = new AccessTokenIssuer(new KeyRing(loader), signer, claims, clock,
                new SigningKeyMetrics(new SimpleMeterRegistry(), clock));
    }

    ScopeResolution resolution() {
        return ScopeResolution.resolve(null, client, Map.of(resource.id(), resource));
    }

    private ActiveKey key(SignatureAlgorithm algorithm) throws GeneralSecurityException, JsonProcessingException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyAlgorithm());
        if (algorithm.keyAlgorithm().equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        } else {
            generator.initialize(2048, random);
        }
        KeyPair pair = generator.generateKeyPair();
        PrivateKey privateKey = provider.keyFactory(algorithm.keyAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded()));
        UUID kid = UUID.randomUUID();
        // The header AccessTokenClaims decides, encoded as SigningKeyLoader encodes it.
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                json.writeValueAsString(claims.of(algorithm, kid.toString())).getBytes(StandardCharsets.UTF_8));
        Instant now = clock.instant();
        return new ActiveKey(kid, algorithm, privateKey, pair.getPublic(), true, now.plus(Duration.ofDays(365)), header,
                new KeySignatures(algorithm, privateKey, provider), null, null, now.minusSeconds(60));
    }

    /** The configuration the benchmarks need, whatever else the interface grows. */
    private static PortcullisConfig config(boolean nativeProvider) {
        Map<String, Object> values = Map.of("publicUrl", PUBLIC_URL, "masterKey", Optional.empty(),
                "signing", proxy(PortcullisConfig.Signing.class, Map.of("nativeProvider", nativeProvider)),
                "pingfederate", proxy(PortcullisConfig.PingFederate.class, Map.of("enabled", false)));
        return proxy(PortcullisConfig.class, values);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> values) {
        InvocationHandler handler = (self, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(self, method, args);
            }
            if (!values.containsKey(method.getName())) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return values.get(method.getName());
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
