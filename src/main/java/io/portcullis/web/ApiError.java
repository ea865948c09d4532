package io.portcullis.web;

import java.util.List;

/**
 * A management API error in PingOne's shape: a code, an HTTP status, a message and details that
 * name the offending field. Thrown without a stack trace: these are expected outcomes.
 */
public final class ApiError extends RuntimeException {

    private final String code;
    private final int status;
    private final List<Detail> details;
    private final String id;

    /** One problem with one field ({@code target}) of the request. */
    @io.quarkus.runtime.annotations.RegisterForReflection // native: inside ApiErrorBody
    public record Detail(String code, String target, String message) {}

    public ApiError(String code, int status, String message, List<Detail> details) {
        this(null, code, status, message, details);
    }

    /** An error whose body carries {@code id}: the id the log line of the same failure names. */
    public ApiError(String id, String code, int status, String message, List<Detail> details) {
        super(message, null, false, false);
        this.id = id;
        this.code = code;
        this.status = status;
        this.details = List.copyOf(details);
    }

    public static ApiError notFound(String what) {
        return new ApiError("NOT_FOUND", 404, "Unable to find " + what, List.of());
    }

    public static ApiError invalidData(String target, String message) {
        return new ApiError("INVALID_DATA", 400, "The request could not be completed. One or more validation errors were in the request.",
                List.of(new Detail("INVALID_VALUE", target, message)));
    }

    public static ApiError invalidRequest(String message) {
        return new ApiError("INVALID_REQUEST", 400, message, List.of());
    }

    public static ApiError uniqueness(String target, String message) {
        return new ApiError("UNIQUENESS_VIOLATION", 409, "The request could not be completed. " + message,
                List.of(new Detail("UNIQUENESS_VIOLATION", target, message)));
    }

    /** RFC 9110 §15.5.13: the request's precondition ({@code If-Match}) does not hold. */
    public static ApiError preconditionFailed(String message) {
        return new ApiError("INVALID_REQUEST", 412, message, List.of());
    }

    public static ApiError unauthenticated() {
        return new ApiError("ACCESS_FAILED", 401, "The request could not be completed. You do not have access to this resource.", List.of());
    }

    /** PingOne's text: its Terraform provider retries a 403 whose message starts with it (roles still propagating). */
    public static ApiError forbidden() {
        return new ApiError("ACCESS_FAILED", 403, "The actor attempting to perform the request is not authorized.", List.of());
    }

    /** A name from the request, safe to echo as a {@code target}: printable ASCII, at most 40 characters. */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 40; i++) {
            char c = name.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    /** The id of the body, when the failure was logged under it; null for a fresh one. */
    public String id() {
        return id;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public List<Detail> details() {
        return details;
    }
}
