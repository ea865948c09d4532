package io.portcullis.introspection;

import io.portcullis.clientauth.ClientAuthentication;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.FormRequests;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.revocation.ActiveTokens;
import io.portcullis.signing.VerifiedAccessToken;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /{envID}/as/introspect} (RFC 7662): any application of the environment, authenticated
 * by its {@code tokenEndpointAuthMethod}, or a resource server with its resource's own id and secret
 * ({@link ResourceServerAuthentication}), asks whether an access token is active. A resource learns
 * only about tokens issued for it: any other token is inactive to it. A token that is not active
 * (expired, revoked, of another environment, malformed, forged) is {@code {"active": false}}, never
 * an error.
 */
@Path("/{envID}/as/introspect")
public class IntrospectionResource {

    /** RFC 7662 §2.2: the claims of an active token that the response carries, in this order. */
    static final List<String> CLAIMS = List.of("scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti", "act", "env");

    private final ClientAuthentication clientAuthentication;
    private final ResourceServerAuthentication resourceServers;
    private final ActiveTokens activeTokens;

    public IntrospectionResource(ClientAuthentication clientAuthentication, ResourceServerAuthentication resourceServers,
            ActiveTokens activeTokens) {
        this.clientAuthentication = clientAuthentication;
        this.resourceServers = resourceServers;
        this.activeTokens = activeTokens;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspect(
            @PathParam("envID") String environmentId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        OAuthRequest request = FormRequests.read(environmentId, contentType, authorization, body);
        // RFC 7662 §2.1: the caller authenticates; §2.3: 401 invalid_client when it cannot.
        Optional<ResourceView> resourceServer = resourceServers.authenticate(request);
        UUID environment = resourceServer.isPresent() ? request.environmentId()
                : clientAuthentication.authenticate(request).environmentId();
        String token = request.required("token");
        // token_type_hint may be ignored (RFC 7662 §2.1): every token here is an access token.
        Map<String, Object> answer = new LinkedHashMap<>();
        activeTokens.active(environment, token, ActiveTokens.Audience.ANY)
                .filter(t -> resourceServer.isEmpty() || isAudience(resourceServer.get(), t))
                .ifPresentOrElse(t -> describe(t, answer), () -> answer.put("active", false));
        // RFC 7662 §4: introspection responses are not to be cached.
        return Response.ok(answer).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    /** RFC 7662 §2.2 leaves to the server whom it tells: a resource server is told about its own tokens only. */
    private static boolean isAudience(ResourceView resource, VerifiedAccessToken token) {
        Object aud = token.claims().get("aud");
        return aud instanceof List<?> list ? list.contains(resource.audience()) : resource.audience().equals(aud);
    }

    private static void describe(VerifiedAccessToken token, Map<String, Object> answer) {
        answer.put("active", true);
        for (String claim : CLAIMS) {
            Object value = token.claims().get(claim);
            if (value != null) {
                answer.put(claim, value);
            }
        }
        answer.put("token_type", "Bearer");
    }
}
