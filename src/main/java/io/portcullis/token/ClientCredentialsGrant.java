package io.portcullis.token;

import io.portcullis.application.GrantType;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * {@code grant_type=client_credentials} (RFC 6749 §4.4): a token for the client itself, for the
 * resource its scopes or the RFC 8707 {@code resource} parameter name.
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
        String resource = request.param("resource");
        ScopeResolution resolution;
        if (resource == null) {
            resolution = ScopeResolution.resolve(request.param("scope"), client, environment.resources());
        } else if (resource.equals(config.managementAudience()) && client.managementAccess()) {
            resolution = new ScopeResolution(null, List.of()); // RFC 8707 naming the management API
        } else {
            // RFC 8707 §2: the resource parameter picks the resource; scope then narrows within it.
            ResourceView target = ScopeResolution.target(resource, client, environment.resources());
            resolution = ScopeResolution.within(target, request.param("scope"), client.grantedScopes().get(target.id()));
        }
        return issuer.issue(client, resolution);
    }
}
