package io.portcullis.token;

import io.portcullis.application.GrantType;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import jakarta.inject.Singleton;

/**
 * {@code grant_type=client_credentials} (RFC 6749 §4.4): a token for the client itself, for the
 * resource its scopes or the RFC 8707 {@code resource} parameter name (the rules:
 * {@link ScopeResolution#forClientCredentials}).
 */
@Singleton
public class ClientCredentialsGrant implements Grant {

    private final Directory directory;
    private final AccessTokenIssuer issuer;
    private final PortcullisConfig config;

    public ClientCredentialsGrant(Directory directory, AccessTokenIssuer issuer, PortcullisConfig config) {
        this.directory = directory;
        this.issuer = issuer;
        this.config = config;
    }

    @Override
    public GrantType type() {
        return GrantType.CLIENT_CREDENTIALS;
    }

    /** Reads the environment and signs: memory only. */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public TokenResponse handle(OAuthRequest request, ClientView client) {
        var environment = directory.environment(client.environmentId())
                .orElseThrow(() -> OAuthError.invalidClient(null));
        ScopeResolution resolution = ScopeResolution.forClientCredentials(
                request.param("resource"), request.param("scope"), client, environment.resources(), config.managementAudience());
        return issuer.issue(client, resolution);
    }
}
