package io.portcullis.clientauth;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthRequest;
import java.util.Optional;
import java.util.Set;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * What {@code client_secret_jwt} and {@code private_key_jwt} (RFC 7523 §2.2) share: the assertion
 * is recognised by its header's algorithm, read from {@code client_assertion}, and checked by
 * {@link AssertionVerifier}. A method says only which algorithms it takes and where a client's
 * verification keys come from.
 */
abstract class JwtAssertionAuthenticator implements ClientAuthenticator {

    private final TokenEndpointAuthMethod method;
    private final Set<String> algorithms;
    private final String[] algorithmList;
    private final AssertionVerifier verifier;

    JwtAssertionAuthenticator(TokenEndpointAuthMethod method, Set<String> algorithms, AssertionVerifier verifier) {
        this.method = method;
        this.algorithms = algorithms;
        this.algorithmList = algorithms.toArray(String[]::new);
        this.verifier = verifier;
    }

    /** The client's keys for this method; empty when it has none usable (not an application of this method). */
    abstract Optional<VerificationKeyResolver> keys(ClientView client);

    @Override
    public final TokenEndpointAuthMethod method() {
        return method;
    }

    @Override
    public final Set<String> signingAlgorithms() {
        return algorithms;
    }

    @Override
    public final boolean presentIn(OAuthRequest request) {
        String algorithm = JwtBearerAssertion.algorithm(request);
        return algorithm != null && algorithms.contains(algorithm);
    }

    @Override
    public final PresentedClient read(OAuthRequest request) {
        return JwtBearerAssertion.read(request);
    }

    /** An accepted assertion's jti is recorded in PostgreSQL; a private_key_jwt key set may be fetched over HTTPS. */
    @Override
    public final boolean mayBlock() {
        return true;
    }

    @Override
    public final Verification verify(PresentedClient presented, ClientView clientOrNull) {
        if (clientOrNull == null) {
            // Unlike a guessed secret, a refused assertion teaches nothing about a key: an unknown
            // client may be refused faster than a known one.
            return Verification.FAILED;
        }
        return Verification.of(keys(clientOrNull)
                .map(resolver -> verifier.verify(presented.secret(), clientOrNull, resolver, algorithmList))
                .orElse(false));
    }
}
