package io.portcullis.directory;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An application as the token endpoint needs it: how it authenticates, what it may ask for.
 *
 * @param authMethods the methods accepted (the configured one; both secret methods for the bootstrap worker)
 * @param grantedScopes scope names granted to the application, by resource id
 * @param managementAccess whether it holds a management role (its tokens can address the /v1 API)
 * @param assertionKeys what verifies its JWT client assertions (CLIENT_SECRET_JWT, PRIVATE_KEY_JWT)
 * @param tokensNotBefore its access tokens issued before this instant are inactive; null for none
 */
public record ClientView(
        UUID id,
        UUID environmentId,
        boolean enabled,
        Set<TokenEndpointAuthMethod> authMethods,
        Set<GrantType> grantTypes,
        List<SecretView> secrets,
        Map<UUID, Set<String>> grantedScopes,
        boolean managementAccess,
        AssertionKeys assertionKeys,
        Instant tokensNotBefore) {}
