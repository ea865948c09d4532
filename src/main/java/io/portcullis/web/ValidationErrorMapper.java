package io.portcullis.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Bean Validation failures become one {@code INVALID_DATA} error with a detail per field. */
@Provider
public class ValidationErrorMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<ApiError.Detail> details = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            details.add(new ApiError.Detail("INVALID_VALUE", target(violation.getPropertyPath()), violation.getMessage()));
        }
        details.sort(Comparator.comparing(ApiError.Detail::target));
        return ApiErrorMapper.respond(new ApiError("INVALID_DATA", 400,
                "The request could not be completed. One or more validation errors were in the request.", details));
    }

    /**
     * The field path inside the request body ({@code scopes[1].id}): drops the method and
     * parameter nodes. A node "in an iterable" carries the index of its container's element
     * (Jakarta Validation {@code Path.Node#isInIterable}), so the index goes before its name.
     */
    private static String target(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            Object position = node.getIndex() != null ? node.getIndex() : node.getKey(); // none in a Set
            if (node.isInIterable() && position != null && !out.isEmpty()) {
                out.append('[').append(position).append(']');
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(node.getName());
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
