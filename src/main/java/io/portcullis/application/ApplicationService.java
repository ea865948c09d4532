package io.portcullis.application;

import io.portcullis.crypto.MasterKey;
import io.portcullis.crypto.SecretDigest;
import io.portcullis.crypto.SecretGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import io.portcullis.signing.KeyRotationPolicyService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creates and changes applications, their secrets, grants and role assignments. */
@ApplicationScoped
public class ApplicationService {

    private final ApplicationRepository applications;
    private final ApplicationSecretRepository secrets;
    private final ApplicationGrantRepository grants;
    private final RoleAssignmentRepository roles;
    private final SecretGenerator generator;
    private final SecretDigest digest;
    private final MasterKey masterKey;
    private final Clock clock;
    private final KeyRotationPolicyService signingPolicies;

    public ApplicationService(
            ApplicationRepository applications,
            ApplicationSecretRepository secrets,
            ApplicationGrantRepository grants,
            RoleAssignmentRepository roles,
            SecretGenerator generator,
            SecretDigest digest,
            MasterKey masterKey,
            Clock clock,
            KeyRotationPolicyService signingPolicies) {
        this.signingPolicies = signingPolicies;
        this.applications = applications;
        this.secrets = secrets;
        this.grants = grants;
        this.roles = roles;
        this.generator = generator;
        this.digest = digest;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    /** What a new application is; the id is generated when null. */
    public record NewApplication(
            UUID id,
            String name,
            String description,
            ApplicationType type,
            Set<GrantType> grantTypes,
            TokenEndpointAuthMethod tokenEndpointAuthMethod,
            boolean enabled,
            String jwks,
            String jwksUrl,
            String settings) {

        /** An application without PingOne settings of no effect (all their defaults). */
        public NewApplication(UUID id, String name, String description, ApplicationType type, Set<GrantType> grantTypes,
                TokenEndpointAuthMethod tokenEndpointAuthMethod, boolean enabled, String jwks, String jwksUrl) {
            this(id, name, description, type, grantTypes, tokenEndpointAuthMethod, enabled, jwks, jwksUrl, null);
        }

        /** An application without client keys (secret-based authentication). */
        public NewApplication(UUID id, String name, String description, ApplicationType type,
                Set<GrantType> grantTypes, TokenEndpointAuthMethod tokenEndpointAuthMethod, boolean enabled) {
            this(id, name, description, type, grantTypes, tokenEndpointAuthMethod, enabled, null, null);
        }
    }

    /** Creates an application with a secret: the given one, or a generated one. */
    @Transactional
    public Application create(UUID environmentId, NewApplication spec, String secretOrNull) {
        Instant now = clock.instant();
        Application app = new Application();
        app.id = spec.id() != null ? spec.id() : UUID.randomUUID();
        app.environmentId = environmentId;
        app.name = spec.name();
        app.description = spec.description();
        app.enabled = spec.enabled();
        app.protocol = "OPENID_CONNECT";
        app.type = spec.type();
        app.grantTypes.addAll(spec.grantTypes());
        app.tokenEndpointAuthMethod = spec.tokenEndpointAuthMethod();
        app.jwks = spec.jwks();
        app.jwksUrl = spec.jwksUrl();
        app.settings = spec.settings();
        app.createdAt = now;
        app.updatedAt = now;
        applications.persist(app);
        applications.flush();
        storeSecret(app.id, secretOrNull != null ? secretOrNull : generator.newSecret(), now);
        signingPolicies.assignDefault(environmentId, app.id); // PingOne: new applications sign with the default policy
        return app;
    }


    /** Replaces the mutable fields of an application. */
    @Transactional
    public Application update(UUID environmentId, UUID id, NewApplication spec) {
        Application app = applications.findInEnvironment(environmentId, id).orElseThrow();
        app.name = spec.name();
        app.description = spec.description();
        app.enabled = spec.enabled();
        app.type = spec.type();
        app.grantTypes.clear();
        app.grantTypes.addAll(spec.grantTypes());
        app.tokenEndpointAuthMethod = spec.tokenEndpointAuthMethod();
        app.jwks = spec.jwks();
        app.jwksUrl = spec.jwksUrl();
        app.settings = spec.settings();
        app.updatedAt = clock.instant();
        return app;
    }

    /**
     * Makes every access token issued to the application so far inactive: tokens whose {@code iat}
     * is before the returned instant, the next whole second (a JWT {@code iat} has one-second
     * precision, so a token from the current second cannot be told apart from an older one).
     */
    @Transactional
    public Instant invalidateTokensIssuedBefore(UUID environmentId, UUID id) {
        Application app = applications.findInEnvironment(environmentId, id).orElseThrow();
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        app.tokensNotBefore = notBefore;
        app.updatedAt = clock.instant();
        return notBefore;
    }

    /** Drops the previous secret before its grace period ends (PingOne's deletePreviousApplicationSecret). */
    @Transactional
    public void dropPreviousSecrets(UUID environmentId, UUID applicationId) {
        lockForSecretChange(applicationId);
        secrets.deletePrevious(applicationId);
    }

    @Transactional
    public void removeRole(UUID environmentId, RoleAssignment assignment) {
        roles.delete(assignment);
    }

    @Transactional
    public void setEnabled(UUID environmentId, UUID id, boolean enabled) {
        Application app = applications.findInEnvironment(environmentId, id).orElseThrow();
        app.enabled = enabled;
        app.updatedAt = clock.instant();
    }

    @Transactional
    public boolean delete(UUID environmentId, UUID id) {
        Optional<Application> app = applications.findInEnvironment(environmentId, id);
        app.ifPresent(applications::delete);
        return app.isPresent();
    }

    /** The current secret in the clear (the management API shows it, as PingOne does). */
    @Transactional
    public Optional<String> currentSecret(UUID applicationId) {
        return secrets.current(applicationId).map(this::reveal);
    }

    /** The previous secrets still in their grace period. */
    @Transactional
    public List<ApplicationSecret> previousSecrets(UUID applicationId) {
        Instant now = clock.instant();
        return secrets.previous(applicationId).stream().filter(s -> s.expiresAt.isAfter(now)).toList();
    }

    public String reveal(ApplicationSecret secret) {
        return new String(masterKey.open(secret.ciphertext, ApplicationSecret.sealingContext(secret.id)),
                StandardCharsets.UTF_8);
    }

    /**
     * Replaces the current secret with a new one. The old secret stays valid until
     * {@code previousExpiresAt}, or dies at once when that is null. Older previous secrets go.
     */
    @Transactional
    public String rotateSecret(UUID environmentId, UUID applicationId, Instant previousExpiresAt) {
        return replaceSecret(environmentId, applicationId, previousExpiresAt, generator.newSecret());
    }

    /** Like {@link #rotateSecret}, with a secret an administrator chose (PingFederate allows it). */
    @Transactional
    public String replaceSecret(UUID environmentId, UUID applicationId, Instant previousExpiresAt, String secret) {
        lockForSecretChange(applicationId);
        Instant now = clock.instant();
        secrets.deletePrevious(applicationId);
        Optional<ApplicationSecret> current = secrets.current(applicationId);
        if (current.isPresent()) {
            if (previousExpiresAt != null) {
                current.get().expiresAt = previousExpiresAt;
            } else {
                secrets.delete(current.get());
            }
        }
        secrets.flush(); // one current secret per application (partial unique index)
        storeSecret(applicationId, secret, now);
        return secret;
    }

    /** Gives an application the listed scopes of one resource. */
    @Transactional
    public ApplicationGrant grant(UUID environmentId, UUID applicationId, UUID resourceId, Set<UUID> scopeIds) {
        Instant now = clock.instant();
        ApplicationGrant grant = new ApplicationGrant();
        grant.id = UUID.randomUUID();
        grant.applicationId = applicationId;
        grant.resourceId = resourceId;
        grant.scopeIds.addAll(scopeIds);
        grant.createdAt = now;
        grant.updatedAt = now;
        grants.persist(grant);
        return grant;
    }

    /** Replaces a grant's resource and scopes. */
    @Transactional
    public ApplicationGrant updateGrant(UUID environmentId, UUID applicationId, UUID grantId, UUID resourceId, Set<UUID> scopeIds) {
        ApplicationGrant grant = grants.findForApplication(applicationId, grantId).orElseThrow();
        grant.resourceId = resourceId;
        grant.scopeIds.clear();
        grant.scopeIds.addAll(scopeIds);
        grant.updatedAt = clock.instant();
        return grant;
    }

    /** Deletes a grant: the application no longer gets tokens with its scopes. */
    @Transactional
    public boolean deleteGrant(UUID environmentId, UUID applicationId, UUID grantId) {
        Optional<ApplicationGrant> grant = grants.findForApplication(applicationId, grantId);
        grant.ifPresent(grants::delete);
        return grant.isPresent();
    }

    @Transactional
    public RoleAssignment assignRole(
            UUID environmentId, UUID applicationId, String roleName, String scopeType, UUID scopeId) {
        RoleAssignment assignment = new RoleAssignment();
        assignment.id = UUID.randomUUID();
        assignment.applicationId = applicationId;
        assignment.roleName = roleName;
        assignment.scopeType = scopeType;
        assignment.scopeId = scopeId;
        assignment.createdAt = clock.instant();
        roles.persist(assignment);
        return assignment;
    }

    /**
     * Serialises secret changes of one application, whichever instance makes them: two rotations at
     * once would otherwise both demote the same current secret and one would fail on the
     * one-current-secret index.
     */
    private void lockForSecretChange(UUID applicationId) {
        applications.findByIdOptional(applicationId, LockModeType.PESSIMISTIC_WRITE);
    }

    private void storeSecret(UUID applicationId, String secret, Instant now) {
        ApplicationSecret stored = new ApplicationSecret();
        stored.id = UUID.randomUUID();
        stored.applicationId = applicationId;
        stored.ciphertext = masterKey.seal(secret.getBytes(StandardCharsets.UTF_8), ApplicationSecret.sealingContext(stored.id));
        stored.digest = digest.of(secret);
        stored.createdAt = now;
        secrets.persist(stored);
    }
}
