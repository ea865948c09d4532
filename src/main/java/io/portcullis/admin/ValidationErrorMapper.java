package io.portcullis.admin;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
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

    /** The field path inside the request body: drops the method and parameter nodes. */
    private static String target(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                continue;
            }
            if (node.getName() == null) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(node.getName());
            if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
