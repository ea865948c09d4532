package io.portcullis.revocation;

import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.signing.AccessTokenVerifier;
import io.portcullis.signing.VerifiedAccessToken;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether an access token is active (RFC 7662 §2.2): issued by this environment and verified, not
 * expired, its client still present and enabled, issued after the client's {@code tokensNotBefore},
 * and neither it nor a token it was exchanged from on the revocation list. Only the last question
 * reads the database.
 */
@Singleton
public class ActiveTokens {

    private final AccessTokenVerifier verifier;
    private final Directory directory;
    private final RevocationList revocations;

    public ActiveTokens(AccessTokenVerifier verifier, Directory directory, RevocationList revocations) {
        this.verifier = verifier;
        this.directory = directory;
        this.revocations = revocations;
    }

    /** The token when it is active in the environment, else empty. */
    public Optional<VerifiedAccessToken> active(UUID environmentId, String token) {
        if (!directory.exists(environmentId)) {
            return Optional.empty();
        }
        return verifier.verify(environmentId, token)
                .filter(this::clientAllows)
                .filter(t -> !revocations.anyRevoked(t.lineage()));
    }

    private boolean clientAllows(VerifiedAccessToken token) {
        UUID clientId = OAuthRequest.environmentIdOrNull(token.clientId()); // client ids are UUIDs
        ClientView client = clientId == null ? null
                : directory.environment(token.environmentId()).flatMap(e -> e.client(clientId)).orElse(null);
        return client != null && client.enabled()
                && (client.tokensNotBefore() == null || !token.issuedAt().isBefore(client.tokensNotBefore()));
    }
}
