package io.portcullis.clientauth;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthRequest;
import java.util.UUID;

/**
 * Authentication of a client by one {@code tokenEndpointAuthMethod}. Implementations are CDI beans,
 * collected once by {@link ClientAuthentication}; adding a method is one new class.
 */
public interface ClientAuthenticator {

    TokenEndpointAuthMethod method();

    /** Whether the request carries this method's credentials at all. */
    boolean presentIn(OAuthRequest request);

    /**
     * Reads the credentials.
     *
     * @throws io.portcullis.oauth.OAuthError {@code invalid_client} when they are malformed
     */
    PresentedClient read(OAuthRequest request);

    /**
     * Verifies the credentials against the client, or against nothing when the client is unknown:
     * the work done must not depend on which, so that timing does not reveal valid client ids.
     */
    Verification verify(PresentedClient presented, ClientView clientOrNull);

    /**
     * Whether the credentials verified, and which of the client's secrets did (null when none
     * did, or the method uses none): {@link ClientAuthentication} notes that secret's use once the
     * whole authentication has succeeded.
     */
    record Verification(boolean verified, UUID secretIdOrNull) {
        static final Verification FAILED = new Verification(false, null);
        static final Verification VERIFIED = new Verification(true, null);

        static Verification of(boolean verified) {
            return verified ? VERIFIED : FAILED;
        }
    }

    /**
     * Whether {@link #verify} may wait for PostgreSQL or the network, so that the token endpoint
     * runs the request on a worker thread rather than the event loop. Declared by every method: it
     * decides where a request runs before anything of it does. Counting a failure towards brute-force
     * protection is not the method's: {@link ClientAuthentication} does it, off the event loop.
     */
    boolean mayBlock();

    /** The JWS algorithms of the method's client assertions (RFC 8414 §2); none for the secret methods. */
    default java.util.Set<String> signingAlgorithms() {
        return java.util.Set.of();
    }

    /**
     * Whether the credential is a shared secret that online guessing could find (RFC 6819 §4.3.5),
     * so that failures count towards brute-force protection; false for asymmetric assertions.
     */
    default boolean guessable() {
        return true;
    }

    /** Whether a failure should answer with {@code WWW-Authenticate: Basic}. */
    default boolean usesBasicScheme() {
        return false;
    }
}
