package io.portcullis.web;

import io.portcullis.oauth.OAuthErrorBody;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The last resort for every endpoint: HTTP errors raised on purpose keep their status; database
 * conflicts become 409; an unreachable database 503; anything else a 500 that names an id and
 * nothing more (the id and the cause go to the log, never a stack trace to the client). The body
 * is PingOne's on {@code /v1} paths and RFC 6749's elsewhere.
 */
@Provider
public class FallbackErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(FallbackErrorMapper.class);

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable error) {
        int status;
        String code;
        String message;
        String id = null; // set when the failure is logged, so that the body names the log line's id
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                return new JsonErrorMapper().toResponse(json); // a body that did not parse, wrapped by the reader
            }
        }
        if (error instanceof WebApplicationException web) {
            status = web.getResponse().getStatus();
            code = switch (status) {
                case 401, 403 -> "ACCESS_FAILED";
                case 404 -> "NOT_FOUND";
                case 405, 406, 415 -> "INVALID_REQUEST";
                default -> status >= 500 ? "UNEXPECTED_ERROR" : "INVALID_REQUEST";
            };
            message = status == 404 ? "The requested resource was not found" : web.getResponse().getStatusInfo().getReasonPhrase();
        } else if (sqlState(error).startsWith("23505")) {
            status = 409;
            code = "UNIQUENESS_VIOLATION";
            message = "The request could not be completed. A value that must be unique is already in use.";
        } else if (error instanceof OptimisticLockException || hasCause(error, org.hibernate.StaleStateException.class)) {
            status = 409;
            code = "INVALID_REQUEST";
            message = "The resource was changed by another request; read it again and retry";
        } else if (sqlState(error).startsWith("08") || hasCause(error, java.sql.SQLTransientConnectionException.class)) {
            id = UUID.randomUUID().toString();
            // Expected and handled (readiness reports DOWN meanwhile): a warning, not an error.
            LOG.warnf("database unavailable (error id %s): %s", id, rootMessage(error));
            status = 503;
            code = "UNEXPECTED_ERROR";
            message = "The service is temporarily unavailable (error id " + id + ")";
        } else {
            id = UUID.randomUUID().toString();
            LOG.errorf(error, "unexpected error %s", id);
            status = 500;
            code = "UNEXPECTED_ERROR";
            message = "An unexpected error occurred (error id " + id + ")";
        }
        if (isManagementPath()) {
            return ApiErrorMapper.respond(new ApiError(id, code, status, message, List.of()));
        }
        String oauthError = status == 404 ? "not_found" : status >= 500 ? "server_error" : "invalid_request";
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").entity(new OAuthErrorBody(oauthError, message));
        if (status == 503) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }

    private boolean isManagementPath() {
        String path = uriInfo.getPath();
        return path.startsWith("/v1/") || path.equals("/v1");
    }

    private static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
