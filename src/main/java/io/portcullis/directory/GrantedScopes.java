package io.portcullis.directory;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which of an application's stored grants give it scopes. The rule belongs to the token endpoint
 * ({@code token/ScopeResolution#granted}); the loader applies it once per load, so that a request
 * reads the result from memory.
 */
public interface GrantedScopes {

    /**
     * @param grants per resource the application holds a grant on, the grant's scope names grouped by
     *     the resource that defines each scope
     * @param chosenClientId whether the application has a client id of the operator's choosing
     * @param resourceIds the resources of the environment
     * @return the scope names the application holds, by resource id
     */
    Map<UUID, Set<String>> of(Map<UUID, Map<UUID, Set<String>>> grants, boolean chosenClientId, Set<UUID> resourceIds);
}
