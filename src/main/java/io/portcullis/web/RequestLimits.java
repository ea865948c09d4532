package io.portcullis.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.oauth.OAuthErrorBody;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body declared larger than {@code quarkus.http.limits.max-body-size} before it is read,
 * with the contract's error body (PingOne's on {@code /v1}, RFC 6749 §5.2's elsewhere) rather than
 * the HTTP layer's empty 413.
 */
@Singleton
public class RequestLimits {

    private final long maxBodyBytes;
    private final ObjectMapper json;

    public RequestLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseOversizedBody);
    }

    /** RFC 9110 §15.5.14: refused on the declared length, before the body is read. */
    private void refuseOversizedBody(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodyBytes) {
            respond(context, 413, "The request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        context.next();
    }

    private void respond(RoutingContext context, int status, String message) {
        String path = context.request().path();
        boolean management = path != null && (path.startsWith("/v1/") || path.equals("/v1"));
        Object body = management
                ? new ApiErrorBody(UUID.randomUUID().toString(), "INVALID_REQUEST", message, List.of())
                : new OAuthErrorBody("invalid_request", message);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.CONNECTION, "close") // the unread body is not worth draining
                .end(text);
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1; // not a length: the HTTP layer refuses it itself
        }
    }
}
