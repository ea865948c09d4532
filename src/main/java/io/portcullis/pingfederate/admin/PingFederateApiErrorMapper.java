package io.portcullis.pingfederate.admin;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes {@link PingFederateApiError} as PingFederate's {@code ApiResult}. */
@Provider
public class PingFederateApiErrorMapper implements ExceptionMapper<PingFederateApiError> {

    @Override
    public Response toResponse(PingFederateApiError error) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(error.body());
        if (error.status() == 401) {
            // RFC 7617 §2: the admin API takes HTTP Basic (and the /v1 bearer token).
            response.header("WWW-Authenticate", "Basic realm=\"PingFederate\"");
        }
        if (error.retryAfterSeconds() != null) {
            response.header("Retry-After", error.retryAfterSeconds()); // RFC 6585 §4
        }
        return response.build();
    }
}
