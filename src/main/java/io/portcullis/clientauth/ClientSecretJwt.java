package io.portcullis.clientauth;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.AssertionKeys;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * {@code client_secret_jwt} (RFC 7523 §2.2, OpenID Connect Core §9): a JWT assertion MACed with the
 * client secret, HS256 (or HS384, HS512). The current secret and a previous one still in its
 * grace period both verify, as they do for the secret methods.
 */
@Singleton
public class ClientSecretJwt implements ClientAuthenticator {

    static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512");

    private final AssertionVerifier verifier;
    private final Clock clock;

    public ClientSecretJwt(AssertionVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public TokenEndpointAuthMethod method() {
        return TokenEndpointAuthMethod.CLIENT_SECRET_JWT;
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
        Instant now = clock.instant();
        List<HmacKey> keys = clientOrNull.assertionKeys().hmacSecrets().stream()
                .filter(s -> s.usableAt(now)).map(AssertionKeys.HmacSecret::key).map(HmacKey::new).toList();
        if (keys.isEmpty()) {
            return false; // not a CLIENT_SECRET_JWT application: its secret is not held for MACs
        }
        // The key whose MAC matches; the assertion is then checked once, so its jti is recorded once.
        VerificationKeyResolver resolver = (jws, nesting) -> {
            for (HmacKey key : keys) {
                jws.setKey(key);
                try {
                    if (jws.verifySignature()) {
                        return key;
                    }
                } catch (org.jose4j.lang.JoseException e) {
                    break;
                }
            }
            return keys.get(0); // none matches: verification then fails with this one
        };
        return verifier.verify(presented.secret(), clientOrNull, resolver, ALGORITHMS.toArray(String[]::new));
    }
}
