package io.portcullis.admin;

import io.portcullis.application.Application;
import io.portcullis.application.ApplicationRepository;
import io.portcullis.application.RoleAssignment;
import io.portcullis.application.RoleAssignmentRepository;
import io.portcullis.environment.EnvironmentRepository;
import io.portcullis.revocation.RevocationList;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Authentication and authorization of one management request: the bearer token is verified once
 * (and refused when revoked, RFC 7009, or issued before its application's {@code tokensNotBefore}),
 * the caller's role assignments are read fresh from the database (a revoked role takes effect at
 * once), and each resource method states the permission it needs. Without a valid token: 401;
 * without the permission: 403.
 */
@RequestScoped
public class ManagementAccess {

    private final HttpServerRequest request;
    private final BearerTokenVerifier verifier;
    private final ApplicationRepository applications;
    private final RoleAssignmentRepository roles;
    private final EnvironmentRepository environments;
    private final RevocationList revocations;
    private Caller caller;

    public ManagementAccess(
            HttpServerRequest request,
            BearerTokenVerifier verifier,
            ApplicationRepository applications,
            RoleAssignmentRepository roles,
            EnvironmentRepository environments,
            RevocationList revocations) {
        this.request = request;
        this.verifier = verifier;
        this.applications = applications;
        this.roles = roles;
        this.environments = environments;
        this.revocations = revocations;
    }

    /** The authenticated caller; 401 when the request has no valid management token. */
    @Transactional
    public Caller caller() {
        if (caller == null) {
            BearerTokenVerifier.VerifiedToken token = verifier.verify(request.getHeader("Authorization"))
                    .orElseThrow(ApiError::unauthenticated);
            Optional<Application> app = applications.findInEnvironment(token.environmentId(), token.clientId());
            if (app.isEmpty() || !app.get().enabled) {
                throw ApiError.unauthenticated(); // deleted or disabled since the token was issued
            }
            if (app.get().tokensNotBefore != null && token.issuedAt().isBefore(app.get().tokensNotBefore)
                    || revocations.isRevoked(token.jti())) {
                throw ApiError.unauthenticated(); // RFC 7009 revocation, or the application's tokenRevocation switch
            }
            List<Caller.Held> held = new ArrayList<>();
            for (RoleAssignment assignment : roles.listByApplication(token.clientId())) {
                ManagementRole.of(assignment.roleName).ifPresent(role -> held.add(new Caller.Held(
                        role, "ORGANIZATION".equals(assignment.scopeType) ? null : assignment.scopeId)));
            }
            caller = new Caller(token.clientId(), token.environmentId(), List.copyOf(held));
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
        if (environments.findByIdOptional(environmentId).isEmpty()) {
            throw ApiError.notFound("environment " + rawEnvironmentId);
        }
        return environmentId;
    }

    /** Requires an organization-level permission. */
    public Caller requireOrganization(Permission permission) {
        return require(permission, null);
    }
}
