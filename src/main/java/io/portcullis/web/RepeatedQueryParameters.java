package io.portcullis.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * The management API reads each query parameter ({@code limit}, {@code cursor}, ...) once: a repeated
 * one is refused with {@code INVALID_DATA} rather than silently resolved to its first value.
 */
@Provider
public class RepeatedQueryParameters implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            return;
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (parameter.getValue().size() > 1) {
                request.abortWith(ApiErrorMapper.respond(ApiError.invalidData(
                        ApiError.printable(parameter.getKey()), "The query parameter is given more than once")));
                return;
            }
        }
    }
}
