package io.portcullis.clientauth;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthRequest;
import jakarta.inject.Singleton;

/** {@code client_secret_post}: {@code client_id} and {@code client_secret} in the form body (RFC 6749 §2.3.1). */
@Singleton
public class ClientSecretPost implements ClientAuthenticator {

    private final SecretVerifier verifier;

    public ClientSecretPost(SecretVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public TokenEndpointAuthMethod method() {
        return TokenEndpointAuthMethod.CLIENT_SECRET_POST;
    }

    @Override
    public boolean presentIn(OAuthRequest request) {
        return request.has("client_secret");
    }

    @Override
    public PresentedClient read(OAuthRequest request) {
        return new PresentedClient(request.param("client_id"), request.param("client_secret"));
    }

    @Override
    public Verification verify(PresentedClient presented, ClientView clientOrNull) {
        return verifier.verify(presented.secret(), clientOrNull);
    }

    /** A digest compared with the client's, in memory. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
