package io.portcullis.pingfederate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An error of the PingFederate admin API in PingFederate's {@code ApiResult} shape: a
 * {@code resultId}, a message and, for bad input, {@code validationErrors} naming the field.
 */
public final class PingFederateApiError extends RuntimeException {

    private final int status;
    private final String resultId;
    private final List<ValidationError> validationErrors;
    private final Long retryAfterSeconds;

    /** One problem with one field of the request body. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ValidationError(String errorId, String fieldPath, String message) {}

    /** The response body. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ApiResult(String resultId, String message, List<ValidationError> validationErrors) {}

    private PingFederateApiError(int status, String resultId, String message, List<ValidationError> errors, Long retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.resultId = resultId;
        this.validationErrors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfter;
    }

    public static PingFederateApiError invalid(String fieldPath, String message) {
        return new PingFederateApiError(422, "validation_error",
                "Validation error(s) occurred. Please review the error(s) and address accordingly.",
                List.of(new ValidationError("validation_error", fieldPath, message)), null);
    }

    public static PingFederateApiError malformed(String message) {
        return new PingFederateApiError(400, "invalid_request", message, List.of(), null);
    }

    public static PingFederateApiError notFound(String what) {
        return new PingFederateApiError(404, "resource_not_found", "Resource not found: " + what, List.of(), null);
    }

    public static PingFederateApiError unauthenticated() {
        return new PingFederateApiError(401, "unauthorized", "Authentication failed.", List.of(), null);
    }

    public static PingFederateApiError locked(long retryAfterSeconds) {
        return new PingFederateApiError(429, "too_many_requests",
                "Too many failed authentications; retry after the time in Retry-After.", List.of(), retryAfterSeconds);
    }

    public static PingFederateApiError forbidden() {
        return new PingFederateApiError(403, "forbidden", "You do not have access to this resource.", List.of(), null);
    }

    /** The cross-site request forgery guard of PingFederate's admin API. */
    public static PingFederateApiError missingXsrfHeader() {
        return new PingFederateApiError(403, "missing_xsrf_header",
                "The X-XSRF-Header header is required (e.g. X-XSRF-Header: PingFederate).", List.of(), null);
    }

    public int status() {
        return status;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ApiResult body() {
        return new ApiResult(resultId, getMessage(), validationErrors);
    }
}
