package io.portcullis.token;

import io.portcullis.application.GrantType;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import jakarta.inject.Singleton;

/** {@code grant_type=client_credentials} (RFC 6749 §4.4): a token for the client itself. */
@Singleton
public class ClientCredentialsGrant implements Grant {

    private final Directory directory;
    private final AccessTokenIssuer issuer;

    public ClientCredentialsGrant(Directory directory, AccessTokenIssuer issuer) {
        this.directory = directory;
        this.issuer = issuer;
    }

    @Override
    public GrantType type() {
        return GrantType.CLIENT_CREDENTIALS;
    }

    @Override
    public TokenResponse handle(OAuthRequest request, ClientView client) {
        var environment = directory.environment(client.environmentId())
                .orElseThrow(() -> OAuthError.invalidClient(null));
        ScopeResolution resolution = ScopeResolution.resolve(request.param("scope"), client, environment.resources());
        return issuer.issue(client, resolution);
    }
}
