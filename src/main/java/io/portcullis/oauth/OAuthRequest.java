package io.portcullis.oauth;

import java.util.Map;
import java.util.UUID;

/**
 * A request to an OAuth endpoint of one environment, after form parsing: the environment (null
 * when the path did not name a UUID), the {@code Authorization} header and the parameters.
 */
public record OAuthRequest(UUID environmentId, String rawEnvironmentId, String authorization, Map<String, String> params) {

    public String param(String name) {
        return params.get(name);
    }

    /**
     * A parameter the endpoint cannot do without (empty values are absent: {@link FormBody}).
     *
     * @throws OAuthError {@code invalid_request} when it is missing
     */
    public String required(String name) {
        String value = params.get(name);
        if (value == null) {
            throw OAuthError.invalidRequest(name + " is required");
        }
        return value;
    }

    public boolean has(String name) {
        return params.get(name) != null;
    }

    /** The realm named in {@code WWW-Authenticate} (RFC 7617 §2): the environment id. */
    public String realm() {
        return environmentId != null ? environmentId.toString() : "portcullis";
    }

    /** Parses a path segment as an environment id; null when it is not a UUID. */
    public static UUID environmentIdOrNull(String raw) {
        if (raw == null || raw.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
