package io.portcullis.oauth;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The last resort: an error nobody expected becomes a 500 that names an id and nothing else; the
 * id and the cause go to the log. HTTP errors raised on purpose (404, 405, ...) keep their status.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException web) {
            Response original = web.getResponse();
            return Response.status(original.getStatus())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuthErrorBody(reasonOf(original.getStatus()), original.getStatusInfo().getReasonPhrase()))
                    .build();
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(error, "unexpected error %s", id);
        return Response.serverError()
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(new OAuthErrorBody("server_error", "Unexpected error " + id))
                .build();
    }

    private static String reasonOf(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406, 415 -> "invalid_request";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
    }
}
