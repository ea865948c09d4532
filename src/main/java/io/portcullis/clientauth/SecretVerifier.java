package io.portcullis.clientauth;

import io.portcullis.clientauth.ClientAuthenticator.Verification;
import io.portcullis.crypto.SecretDigest;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.SecretView;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * Checks a presented client secret against the client's current and still-valid previous secrets,
 * in constant time, and with the same work for an unknown client.
 */
@Singleton
public class SecretVerifier {

    /** Compared against when there is no client, so that unknown ids cost what known ones do. */
    private static final byte[] NO_DIGEST = new byte[32];

    private final SecretDigest digest;
    private final Clock clock;

    public SecretVerifier(SecretDigest digest, Clock clock) {
        this.digest = digest;
        this.clock = clock;
    }

    /** Whether the secret is one of the client's usable secrets, and which. */
    public Verification verify(String presentedSecret, ClientView clientOrNull) {
        SecretView matched = match(presentedSecret, clientOrNull);
        return matched == null ? Verification.FAILED : new Verification(true, matched.id());
    }

    /** The secret that matched, or null. */
    public SecretView match(String presentedSecret, ClientView clientOrNull) {
        byte[] presented = digest.of(presentedSecret == null ? "" : presentedSecret);
        if (clientOrNull == null || clientOrNull.secrets().isEmpty()) {
            SecretDigest.matches(presented, NO_DIGEST);
            return null;
        }
        Instant now = clock.instant();
        SecretView matched = null;
        for (SecretView secret : clientOrNull.secrets()) {
            // Every secret is compared; no early exit on the first match.
            if (SecretDigest.matches(presented, secret.digest()) && secret.usableAt(now)) {
                matched = secret;
            }
        }
        return matched;
    }
}
