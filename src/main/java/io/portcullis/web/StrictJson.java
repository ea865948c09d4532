package io.portcullis.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Set;

/**
 * JSON bodies are read strictly: a number where a string belongs, or a string where a boolean
 * belongs, is an error naming the field rather than a silent conversion. A field the object does not
 * have is an error too (a misspelt {@code enabled} must not pass unnoticed), except the read-only
 * fields every response carries, so that a body read with GET can be sent back with PUT. A key given
 * twice in one object is an error, not "the last one wins" (RFC 8259 §4: names SHOULD be unique;
 * parsers disagree on which value counts, which lets a body mean two things).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** Fields the API writes and ignores when they come back. */
    public static final Set<String> READ_ONLY_FIELDS = Set.of("id", "_links", "createdAt", "updatedAt", "environment");

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                    JsonDeserializer<?> deserializer, Object beanOrClass, String name) throws IOException {
                if (READ_ONLY_FIELDS.contains(name)) {
                    parser.skipChildren();
                    return true;
                }
                return false;
            }
        });
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }
}
