package io.portcullis.token;

import io.portcullis.directory.ClientView;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which resource and scopes a client_credentials token carries, by PingOne's rules:
 * <ul>
 *   <li>no {@code scope}: every scope granted from the application's one custom resource;
 *   <li>{@code scope} given: only the listed scopes that are granted, others silently dropped;
 *   <li>scopes of two resources in one request, or none that is granted: {@code invalid_scope}.
 * </ul>
 * An application with a management role and no custom-resource grant gets a management API token.
 *
 * @param resource the resource the token is for, or null for the management API
 * @param scopes the granted scope names, in request order (sorted when none were requested)
 */
public record ScopeResolution(ResourceView resource, List<String> scopes) {

    public boolean forManagementApi() {
        return resource == null;
    }

    /** The resource; {@code invalid_target} for a management API resolution. */
    public ResourceView resourceOrThrow() {
        if (resource == null) {
            throw OAuthError.invalidTarget("A resource is required");
        }
        return resource;
    }

    public static ScopeResolution resolve(String scopeParameter, ClientView client, Map<UUID, ResourceView> resources) {
        Map<UUID, Set<String>> granted = client.grantedScopes();
        if (scopeParameter == null) {
            if (granted.size() == 1) {
                Map.Entry<UUID, Set<String>> only = granted.entrySet().iterator().next();
                return new ScopeResolution(resources.get(only.getKey()), List.copyOf(new TreeSet<>(only.getValue())));
            }
            if (granted.isEmpty() && client.managementAccess()) {
                return new ScopeResolution(null, List.of());
            }
            throw OAuthError.invalidScope(granted.isEmpty()
                    ? "The application has no granted scopes"
                    : "The application holds scopes of more than one resource: the scope parameter is required");
        }
        // RFC 6749 §3.3: a space-delimited list; order and repeats carry no meaning.
        Set<String> requested = new LinkedHashSet<>();
        for (String name : scopeParameter.split(" ")) {
            if (!name.isEmpty()) {
                requested.add(name);
            }
        }
        Set<UUID> matchedResources = new HashSet<>();
        List<String> matched = new ArrayList<>();
        for (String name : requested) {
            boolean found = false;
            for (Map.Entry<UUID, Set<String>> entry : granted.entrySet()) {
                if (entry.getValue().contains(name)) {
                    matchedResources.add(entry.getKey());
                    found = true;
                }
            }
            if (found) {
                matched.add(name);
            }
        }
        if (matchedResources.size() > 1) {
            throw OAuthError.invalidScope("Scopes of more than one resource were requested");
        }
        if (matched.isEmpty()) {
            throw OAuthError.invalidScope("None of the requested scopes is granted to the application");
        }
        return new ScopeResolution(resources.get(matchedResources.iterator().next()), List.copyOf(matched));
    }

    /**
     * RFC 8707 §2: the one resource whose {@code audience} is {@code audience}, among those the
     * application holds a grant on; {@code invalid_target} when there is none (or more than one).
     * The audience is compared as an exact string: PingOne audiences need not be absolute URIs.
     */
    public static ResourceView target(String audience, ClientView client, Map<UUID, ResourceView> resources) {
        ResourceView found = null;
        for (UUID resourceId : client.grantedScopes().keySet()) {
            ResourceView resource = resources.get(resourceId);
            if (resource != null && resource.audience().equals(audience)) {
                if (found != null) {
                    throw OAuthError.invalidTarget("More than one granted resource has this audience");
                }
                found = resource;
            }
        }
        if (found == null) {
            throw OAuthError.invalidTarget("No resource with this audience is granted to the application");
        }
        return found;
    }

    /**
     * The scopes of a token for a known resource: with no {@code scope}, every allowed scope
     * (sorted); with one, the requested scopes that are allowed, in request order, others dropped
     * as {@link #resolve} drops them; none left is {@code invalid_scope}.
     */
    public static ScopeResolution within(ResourceView resource, String scopeParameter, Set<String> allowed) {
        List<String> scopes;
        if (scopeParameter == null) {
            scopes = List.copyOf(new TreeSet<>(allowed));
        } else {
            Set<String> requested = new LinkedHashSet<>();
            for (String name : scopeParameter.split(" ")) {
                if (!name.isEmpty() && allowed.contains(name)) {
                    requested.add(name);
                }
            }
            scopes = List.copyOf(requested);
        }
        if (scopes.isEmpty()) {
            throw OAuthError.invalidScope(scopeParameter == null
                    ? "No scope of the resource is allowed"
                    : "None of the requested scopes is allowed");
        }
        return new ScopeResolution(resource, scopes);
    }
}
