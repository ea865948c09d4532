package io.portcullis.token;

import io.portcullis.clientauth.ClientAuthentication;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.oauth.FormRequests;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.signing.KeyRing;
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
import java.util.UUID;
import java.util.function.Supplier;

/** {@code POST /{envID}/as/token} (RFC 6749 §3.2): grant type, client authentication, then the grant. */
@Path("/{envID}/as/token")
public class TokenResource {

    private final Grants grants;
    private final ClientAuthentication clientAuthentication;
    private final Directory directory;
    private final KeyRing keyRing;
    private final TokenMetrics metrics;

    public TokenResource(Grants grants, ClientAuthentication clientAuthentication, Directory directory, KeyRing keyRing,
            TokenMetrics metrics) {
        this.grants = grants;
        this.clientAuthentication = clientAuthentication;
        this.directory = directory;
        this.keyRing = keyRing;
        this.metrics = metrics;
    }

    /**
     * Decides once, on the event loop, where the request runs. It is served right here, from memory
     * (measured: about half the CPU per token of a hand-off to a worker thread), when memory holds the
     * environment and its signing keys and neither the grant nor the client's authentication method
     * may block; otherwise the whole request runs once on a worker thread. The one write known only
     * afterwards, counting a failed secret towards brute-force protection, is done alone on a worker
     * thread before the refusal is answered: nothing of the request runs twice.
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> tokenRequest(
            @PathParam("envID") String environmentId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        long start = System.nanoTime();
        UUID id = OAuthRequest.environmentIdOrNull(environmentId);
        if (id == null) { // no environment to read: refused from memory
            return fromMemory(environmentId, contentType, authorization, body, start);
        }
        Directory.Held environment = directory.held(id).orElse(null);
        KeyRing.Held keys = environment == null || !environment.exists() ? null : keyRing.held(id).orElse(null);
        if (environment == null || environment.exists() && keys == null) {
            return onWorker(environmentId, start, () -> {
                load(id);
                return token(environmentId, contentType, authorization, body);
            });
        }
        // What was held now answers every read of the request, even if a change drops it meanwhile.
        ScopedValue.Carrier held = ScopedValue.where(Directory.HELD_FOR_REQUEST, environment);
        return (keys == null ? held : held.where(KeyRing.HELD_FOR_REQUEST, keys))
                .call(() -> fromMemory(environmentId, contentType, authorization, body, start));
    }

    /** On the event loop: what does not block is done here, the rest on a worker thread. */
    private Uni<Response> fromMemory(String environmentId, String contentType, String authorization, byte[] body, long start) {
        try {
            OAuthRequest request = FormRequests.read(environmentId, contentType, authorization, body);
            Grant grant = grant(request);
            if (grant.mayBlock() || clientAuthentication.mayBlock(request)) {
                return onWorker(environmentId, start, () -> token(request, grant, Grant::handle));
            }
            ClientAuthentication.Attempt attempt = clientAuthentication.attempt(request);
            if (attempt.failedGuess() != null) {
                ClientAuthentication.FailedGuess guess = attempt.failedGuess();
                return onWorker(environmentId, start, () -> {
                    throw clientAuthentication.counted(guess);
                });
            }
            Response response = issue(request, grant, attempt.client(), Grant::handle);
            metrics.issued(environmentId, start);
            return Uni.createFrom().item(response);
        } catch (RuntimeException e) {
            throw recorded(environmentId, start, e);
        }
    }

    /**
     * Loads what the decision found missing, the environment and its keys, whatever the request's
     * outcome: a request that signs nothing (a wrong secret) would not load the keys, and every
     * later request of the environment would come to a worker thread until one signs.
     */
    private void load(UUID environmentId) {
        if (directory.environment(environmentId).isPresent()) {
            keyRing.keysOf(environmentId);
        }
    }

    private Uni<Response> onWorker(String environmentId, long start, Supplier<Response> work) {
        return Uni.createFrom().item(() -> measured(environmentId, start, work)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Response measured(String environmentId, long start, Supplier<Response> work) {
        try {
            Response response = work.get();
            metrics.issued(environmentId, start);
            return response;
        } catch (RuntimeException e) {
            throw recorded(environmentId, start, e);
        }
    }

    /** Counts a request that ended in an exception: refused (an OAuth error) or failed; returns it to throw. */
    private RuntimeException recorded(String environmentId, long start, RuntimeException e) {
        if (e instanceof OAuthError refusal) {
            metrics.refused(environmentId, refusal.error(), start);
        } else {
            metrics.failed(start);
        }
        return e;
    }

    /** The whole request, where blocking is allowed. */
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
     * rules to client_credentials). Where blocking is allowed: a worker thread.
     */
    public Response token(String environmentId, String contentType, String authorization, byte[] body, Issuance issuance) {
        OAuthRequest request = FormRequests.read(environmentId, contentType, authorization, body);
        return token(request, grant(request), issuance);
    }

    private Response token(OAuthRequest request, Grant grant, Issuance issuance) {
        return issue(request, grant, clientAuthentication.authenticate(request), issuance);
    }

    private Grant grant(OAuthRequest request) {
        String grantType = request.required("grant_type");
        return grants.forGrantType(grantType).orElseThrow(() -> OAuthError.unsupportedGrantType("Unsupported grant_type"));
    }

    /** The token for an authenticated client, if it holds the grant type. */
    private static Response issue(OAuthRequest request, Grant grant, ClientView client, Issuance issuance) {
        if (!client.grantTypes().contains(grant.type())) {
            throw OAuthError.unauthorizedClient("The application may not use grant_type " + grant.type().wireName());
        }
        TokenResponse token = issuance.issue(grant, request, client);
        // RFC 6749 §5.1: token responses are never cached.
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
