package io.portcullis.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A body that is not JSON, JSON of the wrong shape, or an object with a key given twice, is
 * {@code INVALID_DATA} naming the field.
 */
@Provider
public class JsonErrorMapper implements ExceptionMapper<JsonProcessingException> {

    /** Jackson's message for {@code STRICT_DUPLICATE_DETECTION}. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

    @Override
    public Response toResponse(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String target = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = e instanceof UnrecognizedPropertyException
                    ? "is not a field of this object" : "The value has the wrong type or format";
            return ApiErrorMapper.respond(ApiError.invalidData(ApiError.printable(target), message));
        }
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (e instanceof JsonParseException && duplicate.matches()) {
            return ApiErrorMapper.respond(ApiError.invalidData(ApiError.printable(duplicate.group(1)), "is given more than once"));
        }
        return ApiErrorMapper.respond(ApiError.invalidData("body", "The request body is not valid JSON"));
    }
}
