package io.portcullis.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes {@link ApiError} as PingOne's error body. */
@Provider
public class ApiErrorMapper implements ExceptionMapper<ApiError> {

    @Override
    public Response toResponse(ApiError error) {
        return respond(error);
    }

    static Response respond(ApiError error) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiErrorBody.of(error));
        if (error.status() == 401) {
            // RFC 6750 §3: the challenge for a missing or bad bearer token.
            response.header("WWW-Authenticate", "Bearer realm=\"portcullis\"");
        }
        return response.build();
    }
}
