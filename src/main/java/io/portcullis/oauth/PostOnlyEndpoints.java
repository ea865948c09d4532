package io.portcullis.oauth;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Pattern;

/**
 * Answers any method but POST (and OPTIONS) at the token, introspection and revocation endpoints
 * with 405 and {@code Allow: POST}, before routing, which would answer 404 for a method no resource
 * declares. RFC 6749 §3.2, RFC 7662 §2.1 and RFC 7009 §2.1: these endpoints take POST;
 * RFC 9110 §15.5.6: a 405 names the methods the target allows.
 */
@Provider
@PreMatching
public class PostOnlyEndpoints implements ContainerRequestFilter {

    private static final Pattern ENDPOINTS = Pattern.compile("/[^/]+/as/(token|introspect|revoke)/?");

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        if (HttpMethod.POST.equals(method) || HttpMethod.OPTIONS.equals(method)
                || !ENDPOINTS.matcher(request.getUriInfo().getPath()).matches()) {
            return;
        }
        request.abortWith(Response.status(Response.Status.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, HttpMethod.POST)
                .header("Cache-Control", "no-store")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuthErrorBody("invalid_request", "This endpoint accepts POST only"))
                .build());
    }
}
