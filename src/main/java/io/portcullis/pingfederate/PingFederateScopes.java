package io.portcullis.pingfederate;

import io.portcullis.directory.ClientView;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.token.ScopeResolution;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which access token manager and scopes a client_credentials token of the PingFederate face carries,
 * by PingFederate's rules rather than PingOne's:
 * <ul>
 *   <li>the token comes from the client's access token manager: the resource of its grant (a
 *       client configured through the admin API has one, with or without scopes), or the
 *       environment's default manager;
 *   <li>no {@code scope}: a token without scopes;
 *   <li>a requested scope the client may not ask for is {@code invalid_scope} for the whole request
 *       (PingOne drops it silently).
 * </ul>
 * These differ from {@link ScopeResolution}'s on purpose: this face answers as PingFederate's
 * documentation says, a client written for PingFederate expects it. What the two faces share (the
 * RFC 6749 §3.3 parsing of {@code scope}) is {@link ScopeResolution#names}.
 */
public final class PingFederateScopes {

    /** PingFederate's wording for a scope outside the client's set. */
    static final String NOT_ALLOWED = "The requested scope(s) must be blank or a subset of the provided scopes.";

    private PingFederateScopes() {}

    public static ScopeResolution resolve(
            String scopeParameter, ClientView client, Map<UUID, ResourceView> resources, ResourceView defaultManager) {
        if (client.grantedScopes().size() > 1) {
            throw OAuthError.invalidRequest("The client's scopes span more than one access token manager");
        }
        ResourceView manager = defaultManager;
        Set<String> allowed = Set.of();
        for (Map.Entry<UUID, Set<String>> granted : client.grantedScopes().entrySet()) {
            manager = resources.get(granted.getKey()); // a PingFederate client's scopes sit on its access token manager
            allowed = granted.getValue();
        }
        if (manager == null) {
            throw OAuthError.invalidRequest("No access token manager is available for the client");
        }
        // RFC 6749 §3.3: the same parsing as the PingOne face.
        Set<String> requested = scopeParameter == null ? Set.of() : ScopeResolution.names(scopeParameter);
        // PingFederate, unlike PingOne (ScopeResolution.resolve drops what is not granted), refuses the
        // whole request for one scope outside the client's set, and grants none when none is asked for.
        if (!allowed.containsAll(requested)) {
            throw OAuthError.invalidScope(NOT_ALLOWED);
        }
        return new ScopeResolution(manager, List.copyOf(requested));
    }
}
