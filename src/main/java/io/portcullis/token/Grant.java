package io.portcullis.token;

import io.portcullis.application.GrantType;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.OAuthRequest;

/**
 * One grant type of the token endpoint. Implementations are CDI beans collected once by
 * {@link Grants}; adding a grant is one new class.
 */
public interface Grant {

    GrantType type();

    /** Issues the token for an authenticated client that holds this grant type. */
    TokenResponse handle(OAuthRequest request, ClientView client);
}
