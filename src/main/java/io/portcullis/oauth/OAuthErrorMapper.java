package io.portcullis.oauth;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes every {@link OAuthError} as RFC 6749 §5.2 JSON, never cached. */
@Provider
public class OAuthErrorMapper implements ExceptionMapper<OAuthError> {

    @Override
    public Response toResponse(OAuthError e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(new OAuthErrorBody(e.error(), e.description()));
        if (e.basicRealm() != null) {
            // RFC 6749 §5.2: 401 with the scheme the client used.
            response.header("WWW-Authenticate", "Basic realm=\"" + e.basicRealm() + "\"");
        }
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds()); // RFC 6585 §4
        }
        return response.build();
    }
}
