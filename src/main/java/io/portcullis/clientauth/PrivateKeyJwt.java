package io.portcullis.clientauth;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.AssertionKeys;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthRequest;
import jakarta.inject.Singleton;
import java.util.Set;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * {@code private_key_jwt} (RFC 7523 §2.2, OpenID Connect Core §9): a JWT assertion signed with a
 * private key whose public half the application registered, inline ({@code jwks}) or by URL
 * ({@code jwksUrl}). The header's {@code kid} picks the key; without one, the key that verifies.
 */
@Singleton
public class PrivateKeyJwt implements ClientAuthenticator {

    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    private final AssertionVerifier verifier;
    private final ClientKeySets keySets;

    public PrivateKeyJwt(AssertionVerifier verifier, ClientKeySets keySets) {
        this.verifier = verifier;
        this.keySets = keySets;
    }

    @Override
    public TokenEndpointAuthMethod method() {
        return TokenEndpointAuthMethod.PRIVATE_KEY_JWT;
    }

    @Override
    public Set<String> signingAlgorithms() {
        return ALGORITHMS;
    }

    @Override
    public boolean presentIn(OAuthRequest request) {
        String algorithm = JwtBearerAssertion.algorithm(request);
        return algorithm != null && ALGORITHMS.contains(algorithm);
    }

    @Override
    public PresentedClient read(OAuthRequest request) {
        return JwtBearerAssertion.read(request);
    }

    @Override
    public boolean verify(PresentedClient presented, ClientView clientOrNull) {
        if (clientOrNull == null) {
            // Unlike a guessed secret, a refused assertion teaches nothing about a key: an unknown
            // client may be refused faster than a known one.
            return false;
        }
        AssertionKeys keys = clientOrNull.assertionKeys();
        VerificationKeyResolver resolver = keySets.resolverFor(clientOrNull.id(), keys).orElse(null);
        if (resolver == null) {
            return false; // not a PRIVATE_KEY_JWT application, or its keys cannot be read
        }
        return verifier.verify(presented.secret(), clientOrNull, resolver, ALGORITHMS.toArray(String[]::new));
    }
}
