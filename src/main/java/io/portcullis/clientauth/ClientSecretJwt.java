package io.portcullis.clientauth;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.AssertionKeys;
import io.portcullis.directory.ClientView;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * {@code client_secret_jwt} (RFC 7523 §2.2, OpenID Connect Core §9): a JWT assertion MACed with the
 * client secret, HS256 (or HS384, HS512). The current secret and a previous one still in its
 * grace period both verify, as they do for the secret methods.
 */
@Singleton
public class ClientSecretJwt extends JwtAssertionAuthenticator {

    static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512");

    private final Clock clock;

    public ClientSecretJwt(AssertionVerifier verifier, Clock clock) {
        super(TokenEndpointAuthMethod.CLIENT_SECRET_JWT, ALGORITHMS, verifier);
        this.clock = clock;
    }

    @Override
    Optional<VerificationKeyResolver> keys(ClientView client) {
        Instant now = clock.instant();
        List<HmacKey> keys = client.assertionKeys().hmacSecrets().stream()
                .filter(s -> s.usableAt(now)).map(AssertionKeys.HmacSecret::key).map(HmacKey::new).toList();
        if (keys.isEmpty()) {
            return Optional.empty(); // not a CLIENT_SECRET_JWT application: its secret is not held for MACs
        }
        // The key whose MAC matches; the assertion is then checked once, so its jti is recorded once.
        return Optional.of((jws, nesting) -> {
            for (HmacKey key : keys) {
                jws.setKey(key);
                try {
                    if (jws.verifySignature()) {
                        return key;
                    }
                } catch (JoseException e) {
                    break;
                }
            }
            return keys.get(0); // none matches: verification then fails with this one
        });
    }
}
