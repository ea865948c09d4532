package io.portcullis.clientauth;

import io.portcullis.config.Blocking;
import io.portcullis.directory.AssertionKeys;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;
import org.jboss.logging.Logger;

/**
 * The public keys of PRIVATE_KEY_JWT applications, parsed once: an inline JWKS per application
 * (parsed again only when it changes), and a JWKS at an https URL, fetched and cached by
 * {@link RemoteKeySets}. A {@code kid} missing from a cached set triggers at most one fetch per half
 * minute.
 */
@Singleton
public class ClientKeySets {

    private static final Logger LOG = Logger.getLogger(ClientKeySets.class);
    /** Bounds the caches: past this many entries they are emptied and refilled on use. */
    static final int MAX_ENTRIES = 10_000;

    private final RemoteKeySets remoteKeys;
    private final ConcurrentMap<UUID, Inline> inline = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, VerificationKeyResolver> remote = new ConcurrentHashMap<>();

    public ClientKeySets(RemoteKeySets remote) {
        this.remoteKeys = remote;
    }

    private record Inline(String source, VerificationKeyResolver resolver) {}

    /** What resolves the application's verification keys, or empty when it has none usable. */
    public Optional<VerificationKeyResolver> resolverFor(UUID clientId, AssertionKeys keys) {
        if (keys.jwksUrl() != null) {
            Blocking.required("fetching a client's key set over HTTPS");
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
            return resolver(keys);
        } catch (JoseException e) {
            LOG.warnf("application %s has a JWKS that cannot be read: %s", clientId, e.getMessage());
            return null;
        }
    }

    /** Resolves against the key set at an https URL ({@link RemoteKeySets}), fetched again once on an unknown kid. */
    private VerificationKeyResolver fetching(String url) {
        return (jws, nesting) -> {
            List<JsonWebKey> keys = remoteKeys.keys(url, false);
            try {
                return resolver(keys).resolveKey(jws, nesting);
            } catch (UnresolvableKeyException e) {
                List<JsonWebKey> again = remoteKeys.keys(url, true); // the client may have rotated its keys
                if (again == keys) {
                    throw e;
                }
                return resolver(again).resolveKey(jws, nesting);
            }
        };
    }

    private static JwksVerificationKeyResolver resolver(List<JsonWebKey> keys) {
        JwksVerificationKeyResolver resolver = new JwksVerificationKeyResolver(keys);
        resolver.setDisambiguateWithVerifySignature(true);
        return resolver;
    }

    private static void bound(ConcurrentMap<?, ?> cache) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
    }
}
