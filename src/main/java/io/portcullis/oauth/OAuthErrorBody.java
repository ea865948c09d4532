package io.portcullis.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON body of an OAuth error response (RFC 6749 §5.2). */
public record OAuthErrorBody(
        @JsonProperty("error") String error, @JsonProperty("error_description") String errorDescription) {}
