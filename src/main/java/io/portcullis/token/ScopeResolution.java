package io.portcullis.token;

import io.portcullis.directory.ClientView;
import io.portcullis.directory.GrantedScopes;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Every scope rule of the token endpoint: which resource a token is for and which scopes it
 * carries, for each grant, and which stored grants give an application scopes at all. PingOne's
 * rules (PingOne's page "Token Admin App (client_credentials)") win where the RFCs leave room:
 * <ul>
 *   <li>no {@code scope}: every scope granted from the application's one custom resource;
 *   <li>{@code scope} given: only the listed scopes that are granted, others silently dropped;
 *   <li>scopes of two resources in one request, or none that is granted: {@code invalid_scope};
 *   <li>an RFC 8707 {@code resource} (or RFC 8693 {@code audience}) picks the resource first.
 * </ul>
 * An application with a management role and no custom-resource grant gets a management API token.
 * The PingFederate face keeps its own, stricter rules in {@code pingfederate/PingFederateScopes}.
 *
 * @param resource the resource the token is for, or null for the management API
 * @param scopes the granted scope names, in request order (sorted when none were requested)
 */
public record ScopeResolution(ResourceView resource, List<String> scopes) {

    /** A token for the management API ({@code aud} = {@code {public-url}/v1}): no resource, no scope. */
    public static final ScopeResolution MANAGEMENT_API = new ScopeResolution(null, List.of());

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

    // --- which stored grants count (applied once, when the directory loads an environment) ---

    /**
     * The scope names an application holds, by resource, from its stored grants.
     *
     * @param grants per resource the application holds a grant on, the grant's scope names grouped
     *     by the resource that defines each scope
     * @param chosenClientId whether the application has a client id of the operator's choosing
     *     (a PingFederate client)
     * @param resourceIds the resources of the environment
     */
    public static Map<UUID, Set<String>> granted(
            Map<UUID, Map<UUID, Set<String>>> grants, boolean chosenClientId, Set<UUID> resourceIds) {
        Map<UUID, Set<String>> granted = new HashMap<>();
        grants.forEach((resourceId, namesByDefiningResource) -> {
            // A grant gives only scopes of its own resource, and only on a resource of the environment.
            Set<String> names = namesByDefiningResource.getOrDefault(resourceId, Set.of());
            if (!resourceIds.contains(resourceId)) {
                return;
            }
            // PingOne's "Token Admin App" page: the application is "assigned scopes" of a resource; a grant without scopes
            // assigns none. A PingFederate client keeps it: the grant names its access token manager.
            if (!names.isEmpty() || chosenClientId) {
                granted.put(resourceId, Set.copyOf(names));
            }
        });
        return Map.copyOf(granted);
    }

    /** Hands {@link #granted} to the directory loader, which does not depend on this package. */
    @Singleton
    public static final class StoredGrants implements GrantedScopes {
        @Override
        public Map<UUID, Set<String>> of(Map<UUID, Map<UUID, Set<String>>> grants, boolean chosenClientId, Set<UUID> resourceIds) {
            return granted(grants, chosenClientId, resourceIds);
        }
    }

    // --- per grant type ---

    /**
     * {@code grant_type=client_credentials} (RFC 6749 §4.4): with no {@code resource}, by
     * {@link #resolve}; with {@code resource} naming the management API and a client holding a
     * management role, a management API token; otherwise the named resource (RFC 8707 §2,
     * {@link #target}) and the scopes within it ({@link #within}).
     */
    public static ScopeResolution forClientCredentials(String resourceParameter, String scopeParameter, ClientView client,
            Map<UUID, ResourceView> resources, String managementAudience) {
        if (resourceParameter == null) {
            return resolve(scopeParameter, client, resources);
        }
        if (resourceParameter.equals(managementAudience) && client.managementAccess()) {
            return MANAGEMENT_API; // RFC 8707 naming the management API
        }
        // RFC 8707 §2: "the resource parameter ... indicate[s] the target service or resource";
        // scope then narrows within it.
        ResourceView target = target(resourceParameter, client, resources);
        return within(target, scopeParameter, client.grantedScopes().get(target.id()));
    }

    /**
     * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange} (RFC 8693): the target is
     * the resource whose audience is {@code resource} (RFC 8707) or {@code audience} (RFC 8693
     * §2.1), both naming the same one if both are given; with neither, the resource {@code scope}
     * picks as for client_credentials. The scopes are the requested ones (all when none are) that
     * the application is granted on the target and that the subject token carries (RFC 8693 §2.1:
     * {@code scope} is "the desired scope of the requested security token").
     *
     * @param subjectScope the subject token's {@code scope} claim, or null
     */
    public static ScopeResolution forTokenExchange(String resourceParameter, String audienceParameter,
            String scopeParameter, ClientView client, Map<UUID, ResourceView> resources, String subjectScope) {
        ResourceView target = exchangeTarget(resourceParameter, audienceParameter, scopeParameter, client, resources);
        Set<String> allowed = new HashSet<>(client.grantedScopes().getOrDefault(target.id(), Set.of()));
        allowed.retainAll(subjectScope == null ? Set.of() : names(subjectScope));
        return within(target, scopeParameter, allowed);
    }

    private static ResourceView exchangeTarget(String resourceParameter, String audienceParameter, String scopeParameter,
            ClientView client, Map<UUID, ResourceView> resources) {
        if (resourceParameter == null && audienceParameter == null) {
            return resolve(scopeParameter, client, resources).resourceOrThrow();
        }
        ResourceView byResource = resourceParameter == null ? null : target(resourceParameter, client, resources);
        ResourceView byAudience = audienceParameter == null ? null : target(audienceParameter, client, resources);
        // RFC 8693 §2.2.2: invalid_target when "the requested ... target is unknown ... or ambiguous".
        if (byResource != null && byAudience != null && !byResource.id().equals(byAudience.id())) {
            throw OAuthError.invalidTarget("resource and audience name different resources");
        }
        return byResource != null ? byResource : byAudience;
    }

    // --- the rules the grants share ---

    /**
     * RFC 6749 §3.3: "The value of the scope parameter is expressed as a list of space-delimited,
     * case-sensitive strings"; order and repeats carry no meaning, empty names (extra spaces) are
     * none. The names in first-seen order.
     */
    public static Set<String> names(String scopeParameter) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : scopeParameter.split(" ")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Picks the resource by the requested scopes, PingOne's client_credentials rules (PingOne's "Token Admin App" page). */
    public static ScopeResolution resolve(String scopeParameter, ClientView client, Map<UUID, ResourceView> resources) {
        Map<UUID, Set<String>> granted = client.grantedScopes();
        if (scopeParameter == null) {
            // PingOne's "Token Admin App" page: "If the scope property is omitted, and the application is assigned scopes from
            // one custom resource, all custom resource scopes assigned to the application are granted".
            if (granted.size() == 1) {
                Map.Entry<UUID, Set<String>> only = granted.entrySet().iterator().next();
                return new ScopeResolution(resources.get(only.getKey()), List.copyOf(new TreeSet<>(only.getValue())));
            }
            if (granted.isEmpty() && client.managementAccess()) {
                return MANAGEMENT_API;
            }
            throw OAuthError.invalidScope(granted.isEmpty()
                    ? "The application has no granted scopes"
                    : "The application holds scopes of more than one resource: the scope parameter is required");
        }
        // PingOne's "Token Admin App" page: "only the custom resource scopes assigned to the application and listed as values
        // in the scope property are granted to the access token. All other scopes ... are ignored."
        Set<UUID> matchedResources = new HashSet<>();
        List<String> matched = new ArrayList<>();
        for (String name : names(scopeParameter)) {
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
        // PingOne's "Token Admin App" page: "only the scopes from one custom resource can be requested".
        if (matchedResources.size() > 1) {
            throw OAuthError.invalidScope("Scopes of more than one resource were requested");
        }
        // RFC 6749 §5.2: invalid_scope, "The requested scope is invalid, unknown, malformed".
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
            // RFC 8707 §2: "invalid_target: The requested resource is invalid, missing, unknown, or malformed."
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
            Set<String> requested = names(scopeParameter);
            requested.retainAll(allowed);
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
