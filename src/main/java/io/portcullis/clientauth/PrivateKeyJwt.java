package io.portcullis.clientauth;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.ClientView;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * {@code private_key_jwt} (RFC 7523 §2.2, OpenID Connect Core §9): a JWT assertion signed with a
 * private key whose public half the application registered, inline ({@code jwks}) or by URL
 * ({@code jwksUrl}). The header's {@code kid} picks the key; without one, the key that verifies.
 */
@Singleton
public class PrivateKeyJwt extends JwtAssertionAuthenticator {

    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    private final ClientKeySets keySets;

    public PrivateKeyJwt(AssertionVerifier verifier, ClientKeySets keySets) {
        super(TokenEndpointAuthMethod.PRIVATE_KEY_JWT, ALGORITHMS, verifier);
        this.keySets = keySets;
    }

    /** A signature by a private key cannot be found by guessing: failures are not counted. */
    @Override
    public boolean guessable() {
        return false;
    }

    @Override
    Optional<VerificationKeyResolver> keys(ClientView client) {
        // Empty when not a PRIVATE_KEY_JWT application, or when its keys cannot be read.
        return keySets.resolverFor(client.id(), client.assertionKeys());
    }
}
