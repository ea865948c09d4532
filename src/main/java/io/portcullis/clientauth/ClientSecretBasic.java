package io.portcullis.clientauth;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import jakarta.inject.Singleton;

/** {@code client_secret_basic}: HTTP Basic with the form-urlencoded client id and secret (RFC 6749 §2.3.1). */
@Singleton
public class ClientSecretBasic implements ClientAuthenticator {

    private final SecretVerifier verifier;

    public ClientSecretBasic(SecretVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public TokenEndpointAuthMethod method() {
        return TokenEndpointAuthMethod.CLIENT_SECRET_BASIC;
    }

    @Override
    public boolean presentIn(OAuthRequest request) {
        return BasicCredentials.isBasic(request.authorization());
    }

    @Override
    public PresentedClient read(OAuthRequest request) {
        if (request.has("client_secret") || request.has("client_id")) {
            // The wire contract: with Basic, the body carries no client credentials (RFC 6749 §2.3: one method only).
            throw OAuthError.invalidRequest("Client credentials must not be sent both in the Authorization header and in the body");
        }
        return BasicCredentials.parse(request.authorization())
                .orElseThrow(() -> OAuthError.invalidClient(request.realm()));
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

    @Override
    public boolean usesBasicScheme() {
        return true;
    }
}
