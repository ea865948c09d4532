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

    /**
     * Whether {@link #handle} may wait for PostgreSQL or the network, so that the token endpoint runs
     * the request on a worker thread rather than the event loop. Declared by every grant: it decides
     * where a request runs before anything of it does. The environment and its signing keys are
     * the endpoint's to check: a grant that reads only those answers false.
     */
    boolean mayBlock();
}
