package io.portcullis.token;

import io.portcullis.change.NotInMemory;
import io.portcullis.clientauth.ClientAuthentication;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.FormRequests;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

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

    /**
     * Runs on the event loop, served from memory; a request that needs the database (something to
     * load, a failed authentication to count, an assertion jti to record) is run again on a worker
     * thread (measured: about half the CPU per token).
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> tokenRequest(
            @PathParam("envID") String environmentId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        long start = System.nanoTime();
        Supplier<Response> handle = () -> measured(environmentId, contentType, authorization, body, start);
        return Uni.createFrom().item(handle).onFailure(NotInMemory.class)
                .recoverWithUni(() -> Uni.createFrom().item(handle).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private Response measured(String environmentId, String contentType, String authorization, byte[] body, long start) {
        try {
            Response response = token(environmentId, contentType, authorization, body);
            metrics.issued(environmentId, start);
            return response;
        } catch (NotInMemory e) {
            throw e; // not an outcome: the request runs again on a worker thread
        } catch (OAuthError e) {
            metrics.refused(environmentId, e.error(), start);
            throw e;
        } catch (RuntimeException e) {
            metrics.failed(start);
            throw e;
        }
    }

    Response token(String environmentId, String contentType, String authorization, byte[] body) {
        return token(environmentId, contentType, authorization, body, Grant::handle);
    }

    /** How an authorized request becomes a token; by default the grant's own rules. */
    @FunctionalInterface
    public interface Issuance {
        TokenResponse issue(Grant grant, OAuthRequest request, ClientView client);
    }

    /**
     * Reads the form, finds the grant, authenticates the client and checks that it holds the grant
     * type, then lets {@code issuance} build the token (PingFederate's paths apply their own scope
     * rules to client_credentials).
     */
    public Response token(String environmentId, String contentType, String authorization, byte[] body, Issuance issuance) {
        OAuthRequest request = FormRequests.read(environmentId, contentType, authorization, body);
        String grantType = request.required("grant_type");
        Grant grant = grants.forGrantType(grantType)
                .orElseThrow(() -> OAuthError.unsupportedGrantType("Unsupported grant_type"));
        ClientView client = clientAuthentication.authenticate(request);
        if (!client.grantTypes().contains(grant.type())) {
            throw OAuthError.unauthorizedClient("The application may not use grant_type " + grantType);
        }
        TokenResponse token = issuance.issue(grant, request, client);
        // RFC 6749 §5.1: token responses are never cached.
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
