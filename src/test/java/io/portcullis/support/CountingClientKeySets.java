package io.portcullis.support;

import io.portcullis.clientauth.ClientKeySets;
import io.portcullis.clientauth.RemoteKeySets;
import io.portcullis.directory.AssertionKeys;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * The private_key_jwt key sets, counting per application how often a key is resolved to check an
 * assertion's signature: jose4j resolves the key once for every signature it verifies. Enabled by
 * {@link CountingProfile} only.
 */
@Alternative
@Singleton
public class CountingClientKeySets extends ClientKeySets {

    private final Map<UUID, AtomicInteger> signatureChecks = new ConcurrentHashMap<>();

    public CountingClientKeySets(RemoteKeySets remote) {
        super(remote);
    }

    @Override
    public Optional<VerificationKeyResolver> resolverFor(UUID clientId, AssertionKeys keys) {
        return super.resolverFor(clientId, keys).map(resolver -> (jws, nesting) -> {
            signatureChecks.computeIfAbsent(clientId, id -> new AtomicInteger()).incrementAndGet();
            return resolver.resolveKey(jws, nesting);
        });
    }

    /** How many assertion signatures of the application were checked so far. */
    public int signatureChecks(UUID clientId) {
        AtomicInteger count = signatureChecks.get(clientId);
        return count == null ? 0 : count.get();
    }
}
