package io.portcullis.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * A response whose body type is marked {@link NoStore} must not be kept by any cache between the
 * service and its caller (RFC 9111 §5.2.2.5; {@code Pragma} for HTTP/1.0 caches, as RFC 6749 §5.1
 * asks of token responses). One place, so that a new method returning a secret cannot forget it.
 */
@Provider
public class NoStoreResponses implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (entity != null && entity.getClass().isAnnotationPresent(NoStore.class)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
            response.getHeaders().putSingle("Pragma", "no-cache");
        }
    }
}
