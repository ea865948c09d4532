package io.portcullis.management;

import io.portcullis.web.ApiError;
import io.portcullis.web.Ids;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Authentication and authorization of one management request: the bearer token must be active and
 * issued for the management API ({@link ManagementTokens}, the verifier every endpoint shares), the caller's
 * role assignments are read fresh from the database (a revoked role takes effect at
 * once), and each resource method states the permission it needs. Without a valid token: 401;
 * without the permission: 403.
 */
@RequestScoped
public class ManagementAccess {

    private final HttpServerRequest request;
    private final ManagementTokens tokens;
    private final HeldRoles roles;
    private final KnownEnvironments environments;
    private Caller caller;

    public ManagementAccess(
            HttpServerRequest request,
            ManagementTokens tokens,
            HeldRoles roles,
            KnownEnvironments environments) {
        this.request = request;
        this.tokens = tokens;
        this.roles = roles;
        this.environments = environments;
    }

    /** The authenticated caller; 401 when the request has no active management token. */
    @Transactional
    public Caller caller() {
        if (caller == null) {
            String authorization = request.getHeader("Authorization");
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ApiError.unauthenticated();
            }
            ManagementTokens.Bearer bearer = tokens.active(authorization.substring(7).strip())
                    .orElseThrow(ApiError::unauthenticated);
            caller = new Caller(bearer.clientId(), bearer.environmentId(), roles.heldBy(bearer.clientId()));
        }
        return caller;
    }

    /** Requires a permission in an environment; 401 or 403 otherwise. */
    public Caller require(Permission permission, UUID environmentId) {
        Caller current = caller();
        if (!current.may(permission, environmentId)) {
            throw ApiError.forbidden();
        }
        return current;
    }

    /**
     * Parses an environment path id, requires the permission in it, then requires that it exists:
     * the permission comes first so that nothing is revealed to a caller without it.
     */
    @Transactional
    public UUID requireEnvironment(String rawEnvironmentId, Permission permission) {
        UUID environmentId = Ids.parse(rawEnvironmentId, "environment " + rawEnvironmentId);
        require(permission, environmentId);
        if (!environments.exists(environmentId)) {
            throw ApiError.notFound("environment " + rawEnvironmentId);
        }
        return environmentId;
    }

    /** Requires an organization-level permission. */
    public Caller requireOrganization(Permission permission) {
        return require(permission, null);
    }
}
