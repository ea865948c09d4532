package io.portcullis.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** PingOne's error body: {@code {"id", "code", "message", "details": [{code, target, message}]}}. */
// Native image: written by Jackson as a Response entity, which build-time analysis does not see.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiErrorBody(String id, String code, String message, List<ApiError.Detail> details) {

    public static ApiErrorBody of(ApiError error) {
        String id = error.id() != null ? error.id() : UUID.randomUUID().toString();
        return new ApiErrorBody(id, error.code(), error.getMessage(), error.details());
    }
}
