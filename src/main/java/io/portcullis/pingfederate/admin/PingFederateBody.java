package io.portcullis.pingfederate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON request body of the PingFederate admin API, read field by field. Fields Portcullis has no
 * use for are ignored (a body exported from PingFederate carries many), but a field it reads must
 * have the right type, or the request is a {@code validation_error} naming it.
 */
record PingFederateBody(JsonNode root) {

    static PingFederateBody parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw PingFederateApiError.malformed("A JSON request body is required");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw PingFederateApiError.malformed("The request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw PingFederateApiError.malformed("The request body must be a JSON object");
        }
        return new PingFederateBody(root);
    }

    /** The object at this path, or null when absent. */
    PingFederateBody object(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw PingFederateApiError.invalid(field, "Must be an object");
        }
        return new PingFederateBody(node);
    }

    String string(String field, String fieldPath) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw PingFederateApiError.invalid(fieldPath, "Must be a string");
        }
        return node.asText();
    }

    String requiredString(String field, String fieldPath, int maxLength) {
        String value = optionalString(field, fieldPath, maxLength);
        if (value == null || value.isBlank()) {
            throw PingFederateApiError.invalid(fieldPath, "Is required");
        }
        return value;
    }

    String optionalString(String field, String fieldPath, int maxLength) {
        String value = string(field, fieldPath);
        if (value != null && value.length() > maxLength) {
            throw PingFederateApiError.invalid(fieldPath, "Must be at most " + maxLength + " characters");
        }
        return value;
    }

    boolean bool(String field, boolean absent) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw PingFederateApiError.invalid(field, "Must be true or false");
        }
        return node.asBoolean();
    }

    /** A list of strings; empty when absent. */
    List<String> strings(String field) {
        JsonNode node = root.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw PingFederateApiError.invalid(field, "Must be an array of strings");
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw PingFederateApiError.invalid(field, "Must be an array of strings");
            }
            values.add(item.asText());
        }
        return values;
    }

    /** The array of objects at this path; empty when absent. */
    List<PingFederateBody> objects(String field, String fieldPath) {
        JsonNode node = root.get(field);
        List<PingFederateBody> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw PingFederateApiError.invalid(fieldPath, "Must be an array of objects");
        }
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw PingFederateApiError.invalid(fieldPath, "Must be an array of objects");
            }
            values.add(new PingFederateBody(item));
        }
        return values;
    }
}
