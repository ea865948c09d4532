package io.portcullis.revocation;

import io.portcullis.clientauth.ClientAuthentication;
import io.portcullis.directory.ClientView;
import io.portcullis.oauth.FormRequests;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.signing.VerifiedAccessToken;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /{envID}/as/revoke} (RFC 7009): a client revokes one of its own access tokens. The
 * token's {@code jti} goes on the revocation list until the token expires; introspection and token
 * exchange then refuse it, and so does every token exchanged from it. An invalid, expired or unknown
 * token is answered 200 (RFC 7009 §2.2).
 */
@Path("/{envID}/as/revoke")
public class RevocationResource {

    private static final Logger AUDIT = Logger.getLogger("io.portcullis.audit.revocation");

    private final ClientAuthentication clientAuthentication;
    private final ActiveTokens activeTokens;
    private final RevocationList revocations;

    public RevocationResource(
            ClientAuthentication clientAuthentication, ActiveTokens activeTokens, RevocationList revocations) {
        this.clientAuthentication = clientAuthentication;
        this.activeTokens = activeTokens;
        this.revocations = revocations;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(
            @PathParam("envID") String environmentId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        OAuthRequest request = FormRequests.read(environmentId, contentType, authorization, body);
        // RFC 7009 §2.1: the client authenticates as it does at the token endpoint.
        ClientView client = clientAuthentication.authenticate(request);
        String token = request.required("token");
        // token_type_hint is only a hint (RFC 7009 §2.1): every token here is an access token.
        // An inactive token (expired, revoked already, of a disabled client) is answered 200 and left alone.
        Optional<VerifiedAccessToken> verified = activeTokens.active(client.environmentId(), token, ActiveTokens.Audience.ANY);
        if (verified.isPresent()) {
            if (!verified.get().clientId().equals(client.id().toString())) {
                // RFC 7009 §2.1: the token must have been issued to the client revoking it.
                throw OAuthError.invalidGrant("The token was issued to another client");
            }
            revocations.revoke(verified.get());
            AUDIT.infof("access token revoked: environment=%s client_id=%s jti=%s",
                    client.environmentId(), client.id(), verified.get().jti());
        }
        return Response.ok().header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
