package io.portcullis.pingfederate;

import io.portcullis.application.GrantType;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.directory.EnvironmentView;
import io.portcullis.directory.ResourceView;
import io.portcullis.introspection.IntrospectionResource;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.revocation.RevocationResource;
import io.portcullis.token.AccessTokenIssuer;
import io.portcullis.token.Grant;
import io.portcullis.token.TokenMetrics;
import io.portcullis.token.TokenResource;
import io.portcullis.token.TokenResponse;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * PingFederate's OAuth endpoints on the server root, for the PingFederate environment:
 * {@code /as/token.oauth2} (client_credentials by PingFederate's scope rules, other grants as at
 * {@code /{envID}/as/token}), {@code /as/introspect.oauth2} and {@code /as/revoke_token.oauth2}
 * (the environment's introspection and revocation, unchanged). They run on worker threads.
 */
@Path("/as")
@Produces(MediaType.APPLICATION_JSON)
public class PingFederateTokenEndpoints {

    private final PingFederateEnvironment environment;
    private final Directory directory;
    private final TokenResource tokens;
    private final AccessTokenIssuer issuer;
    private final TokenMetrics metrics;
    private final IntrospectionResource introspection;
    private final RevocationResource revocation;

    public PingFederateTokenEndpoints(PingFederateEnvironment environment, Directory directory, TokenResource tokens,
            AccessTokenIssuer issuer, TokenMetrics metrics, IntrospectionResource introspection, RevocationResource revocation) {
        this.environment = environment;
        this.directory = directory;
        this.tokens = tokens;
        this.issuer = issuer;
        this.metrics = metrics;
        this.introspection = introspection;
        this.revocation = revocation;
    }

    @POST
    @Path("/token.oauth2")
    public Response token(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        String environmentId = environment.id().toString();
        long start = System.nanoTime();
        try {
            Response response = tokens.token(environmentId, contentType, authorization, body, this::issue);
            metrics.issued(environmentId, start);
            return response;
        } catch (OAuthError e) {
            metrics.refused(environmentId, e.error(), start);
            throw e;
        }
    }

    /** client_credentials by PingFederate's scope rules; other grants by their own. */
    private TokenResponse issue(Grant grant, OAuthRequest request, ClientView client) {
        if (grant.type() != GrantType.CLIENT_CREDENTIALS) {
            return grant.handle(request, client);
        }
        EnvironmentView view = directory.environment(client.environmentId()).orElseThrow(() -> OAuthError.invalidClient(null));
        ResourceView defaultManager = view.resources().values().stream()
                .filter(r -> r.name().equals(PingFederateEnvironment.DEFAULT_ACCESS_TOKEN_MANAGER)).findFirst().orElse(null);
        return issuer.issue(client, PingFederateScopes.resolve(request.param("scope"), client, view.resources(), defaultManager));
    }

    @POST
    @Path("/introspect.oauth2")
    public Response introspect(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return introspection.introspect(environment.id().toString(), contentType, authorization, body);
    }

    @POST
    @Path("/revoke_token.oauth2")
    public Response revoke(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return revocation.revoke(environment.id().toString(), contentType, authorization, body);
    }
}
