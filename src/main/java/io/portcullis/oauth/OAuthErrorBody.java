package io.portcullis.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON body of an OAuth error response (RFC 6749 §5.2). */
// Native image: written by Jackson as a Response entity, which build-time analysis does not see.
@RegisterForReflection
public record OAuthErrorBody(
        @JsonProperty("error") String error, @JsonProperty("error_description") String errorDescription) {}
