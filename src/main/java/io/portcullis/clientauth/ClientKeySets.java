package io.portcullis.clientauth;

import io.portcullis.change.NotInMemory;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.AssertionKeys;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jboss.logging.Logger;

/**
 * The public keys of PRIVATE_KEY_JWT applications, parsed once: an inline JWKS per application
 * (parsed again only when it changes), and a fetched JWKS per https URL, cached for
 * {@code portcullis.client-assertion.jwks-cache-duration} and fetched with a timeout. A {@code kid}
 * missing from a cached set triggers at most one fetch per half minute.
 */
@Singleton
public class ClientKeySets {

    private static final Logger LOG = Logger.getLogger(ClientKeySets.class);
    /** Bounds the caches: past this many entries they are emptied and refilled on use. */
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_JWKS_BYTES = 64 * 1024;
    static final long KID_MISS_REFETCH_MILLIS = 30_000;

    private final PortcullisConfig config;
    private final ConcurrentMap<UUID, Inline> inline = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, VerificationKeyResolver> remote = new ConcurrentHashMap<>();

    public ClientKeySets(PortcullisConfig config) {
        this.config = config;
    }

    private record Inline(String source, VerificationKeyResolver resolver) {}

    /** What resolves the application's verification keys, or empty when it has none usable. */
    public Optional<VerificationKeyResolver> resolverFor(UUID clientId, AssertionKeys keys) {
        if (keys.jwksUrl() != null) {
            NotInMemory.requireBlockingAllowed(); // the key set may be fetched over HTTPS: not on an event loop
        }
        if (keys.jwks() != null) {
            Inline cached = inline.get(clientId);
            if (cached == null || !cached.source().equals(keys.jwks())) {
                VerificationKeyResolver resolver = parse(clientId, keys.jwks());
                if (resolver == null) {
                    return Optional.empty();
                }
                bound(inline);
                cached = new Inline(keys.jwks(), resolver);
                inline.put(clientId, cached);
            }
            return Optional.of(cached.resolver());
        }
        if (keys.jwksUrl() != null && keys.jwksUrl().toLowerCase(Locale.ROOT).startsWith("https://")) {
            bound(remote);
            return Optional.of(remote.computeIfAbsent(keys.jwksUrl(), this::fetching));
        }
        return Optional.empty();
    }

    private static VerificationKeyResolver parse(UUID clientId, String jwks) {
        try {
            List<JsonWebKey> keys = new JsonWebKeySet(jwks).getJsonWebKeys();
            JwksVerificationKeyResolver resolver = new JwksVerificationKeyResolver(keys);
            resolver.setDisambiguateWithVerifySignature(true);
            return resolver;
        } catch (JoseException e) {
            LOG.warnf("application %s has a JWKS that cannot be read: %s", clientId, e.getMessage());
            return null;
        }
    }

    /** RFC 7517 §5 document at an https URL, fetched when first needed and cached. */
    private VerificationKeyResolver fetching(String url) {
        int timeoutMillis = (int) config.clientAssertion().jwksFetchTimeout().toMillis();
        Get get = new Get();
        get.setConnectTimeout(timeoutMillis);
        get.setReadTimeout(timeoutMillis);
        get.setRetries(0);
        get.setResponseBodySizeLimit(MAX_JWKS_BYTES);
        HttpsJwks jwks = new HttpsJwks(url);
        jwks.setSimpleHttpGet(get);
        jwks.setDefaultCacheDuration(config.clientAssertion().jwksCacheDuration().toSeconds());
        jwks.setRefreshReprieveThreshold(KID_MISS_REFETCH_MILLIS);
        HttpsJwksVerificationKeyResolver resolver = new HttpsJwksVerificationKeyResolver(jwks);
        resolver.setDisambiguateWithVerifySignature(true);
        return resolver;
    }

    private static void bound(ConcurrentMap<?, ?> cache) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
    }
}
