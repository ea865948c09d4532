package io.portcullis.pingfederate;

import io.portcullis.application.GrantType;
import io.portcullis.clientauth.ClientAuthentication;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.directory.EnvironmentView;
import io.portcullis.directory.ResourceView;
import io.portcullis.introspection.IntrospectionResource;
import io.portcullis.oauth.FormRequests;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.revocation.RevocationResource;
import io.portcullis.token.AccessTokenIssuer;
import io.portcullis.token.Grant;
import io.portcullis.token.Grants;
import io.portcullis.token.TokenMetrics;
import io.portcullis.token.TokenResponse;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

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
    private final Grants grants;
    private final ClientAuthentication clientAuthentication;
    private final AccessTokenIssuer issuer;
    private final TokenMetrics metrics;
    private final IntrospectionResource introspection;
    private final RevocationResource revocation;

    public PingFederateTokenEndpoints(PingFederateEnvironment environment, Directory directory, Grants grants,
            ClientAuthentication clientAuthentication, AccessTokenIssuer issuer, TokenMetrics metrics,
            IntrospectionResource introspection, RevocationResource revocation) {
        this.environment = environment;
        this.directory = directory;
        this.grants = grants;
        this.clientAuthentication = clientAuthentication;
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
            Response response = issue(environmentId, contentType, authorization, body);
            metrics.issued(environmentId, start);
            return response;
        } catch (OAuthError e) {
            metrics.refused(environmentId, e.error(), start);
            throw e;
        }
    }

    private Response issue(String environmentId, String contentType, String authorization, byte[] body) {
        OAuthRequest request = FormRequests.read(environmentId, contentType, authorization, body);
        String grantType = request.required("grant_type");
        Grant grant = grants.forGrantType(grantType)
                .orElseThrow(() -> OAuthError.unsupportedGrantType("Unsupported grant_type"));
        ClientView client = clientAuthentication.authenticate(request);
        if (!client.grantTypes().contains(grant.type())) {
            throw OAuthError.unauthorizedClient("The client may not use grant_type " + grantType);
        }
        TokenResponse token = grant.type() == GrantType.CLIENT_CREDENTIALS
                ? issuer.issue(client, PingFederateScopes.resolve(request.param("scope"), client,
                        view(client.environmentId()).resources(), defaultManager(client.environmentId())))
                : grant.handle(request, client);
        // RFC 6749 §5.1: token responses are never cached.
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
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

    private EnvironmentView view(UUID environmentId) {
        return directory.environment(environmentId).orElseThrow(() -> OAuthError.invalidClient(null));
    }

    /** The access token manager of clients that hold no scope. */
    private ResourceView defaultManager(UUID environmentId) {
        return view(environmentId).resources().values().stream()
                .filter(r -> r.name().equals(PingFederateEnvironment.DEFAULT_ACCESS_TOKEN_MANAGER))
                .findFirst().orElse(null);
    }
}
