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
