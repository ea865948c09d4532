package io.portcullis.token;

import io.portcullis.clientauth.ClientAuthentication;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.FormRequests;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /{envID}/as/token} (RFC 6749 §3.2): grant type, client authentication, then the grant. */
@Path("/{envID}/as/token")
public class TokenResource {

    private final Grants grants;
    private final ClientAuthentication clientAuthentication;
    private final TokenMetrics metrics;

    public TokenResource(Grants grants, ClientAuthentication clientAuthentication, TokenMetrics metrics) {
        this.grants = grants;
        this.clientAuthentication = clientAuthentication;
        this.metrics = metrics;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(
            @PathParam("envID") String environmentId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        long start = System.nanoTime();
        try {
            Response response = issue(environmentId, contentType, authorization, body);
            metrics.issued(environmentId, start);
            return response;
        } catch (OAuthError e) {
            metrics.refused(environmentId, e.error(), start);
            throw e;
        } catch (RuntimeException e) {
            metrics.failed(start);
            throw e;
        }
    }

    private Response issue(String environmentId, String contentType, String authorization, byte[] body) {
        OAuthRequest request = FormRequests.read(environmentId, contentType, authorization, body);
        String grantType = request.param("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        Grant grant = grants.forGrantType(grantType)
                .orElseThrow(() -> OAuthError.unsupportedGrantType("Unsupported grant_type"));
        ClientView client = clientAuthentication.authenticate(request);
        if (!client.grantTypes().contains(grant.type())) {
            throw OAuthError.unauthorizedClient("The application may not use grant_type " + grantType);
        }
        TokenResponse token = grant.handle(request, client);
        // RFC 6749 §5.1: token responses are never cached.
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
