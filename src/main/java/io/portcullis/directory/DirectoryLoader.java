package io.portcullis.directory;

import io.portcullis.application.Application;
import io.portcullis.application.ApplicationGrant;
import io.portcullis.application.ApplicationGrantRepository;
import io.portcullis.application.ApplicationRepository;
import io.portcullis.application.ApplicationSecret;
import io.portcullis.application.ApplicationSecretRepository;
import io.portcullis.application.RoleAssignmentRepository;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.crypto.MasterKey;
import io.portcullis.environment.BootstrapState;
import io.portcullis.environment.EnvironmentRepository;
import io.portcullis.resource.Resource;
import io.portcullis.resource.ResourceRepository;
import io.portcullis.resource.ResourceScope;
import io.portcullis.resource.ResourceScopeRepository;
import io.portcullis.resource.ResourceSecretRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads what the token endpoint needs of one environment from PostgreSQL, in one transaction. */
@ApplicationScoped
public class DirectoryLoader {

    private final EnvironmentRepository environments;
    private final ApplicationRepository applications;
    private final ApplicationSecretRepository secrets;
    private final ApplicationGrantRepository grants;
    private final RoleAssignmentRepository roles;
    private final ResourceRepository resources;
    private final ResourceScopeRepository scopes;
    private final ResourceSecretRepository resourceSecrets;
    private final BootstrapState bootstrap;
    private final EntityManager entityManager;
    private final MasterKey masterKey;
    private final GrantedScopes grantedScopes;

    public DirectoryLoader(
            EnvironmentRepository environments,
            ApplicationRepository applications,
            ApplicationSecretRepository secrets,
            ApplicationGrantRepository grants,
            RoleAssignmentRepository roles,
            ResourceRepository resources,
            ResourceScopeRepository scopes,
            ResourceSecretRepository resourceSecrets,
            BootstrapState bootstrap,
            EntityManager entityManager,
            MasterKey masterKey,
            GrantedScopes grantedScopes) {
        this.environments = environments;
        this.applications = applications;
        this.secrets = secrets;
        this.grants = grants;
        this.roles = roles;
        this.resources = resources;
        this.scopes = scopes;
        this.resourceSecrets = resourceSecrets;
        this.bootstrap = bootstrap;
        this.entityManager = entityManager;
        this.masterKey = masterKey;
        this.grantedScopes = grantedScopes;
    }

    @Transactional
    public Set<UUID> environmentIds() {
        return Set.copyOf(entityManager.createQuery("select e.id from Environment e", UUID.class).getResultList());
    }

    @Transactional
    public boolean exists(UUID environmentId) {
        return entityManager.createQuery("select count(e) from Environment e where e.id = ?1", Long.class)
                .setParameter(1, environmentId)
                .getSingleResult() > 0;
    }

    @Transactional
    public EnvironmentView load(UUID environmentId) {
        Map<UUID, byte[]> resourceSecretDigests = resourceSecrets.listByEnvironment(environmentId).stream()
                .collect(Collectors.toMap(s -> s.resourceId, s -> s.digest));
        Map<UUID, ResourceView> resourceViews = new HashMap<>();
        for (Resource r : resources.listByEnvironment(environmentId)) {
            resourceViews.put(r.id, new ResourceView(r.id, r.name, r.audience, r.accessTokenValiditySeconds,
                    r.introspectEndpointAuthMethod, resourceSecretDigests.get(r.id)));
        }
        Map<UUID, ResourceScope> scopeById = scopes.listByEnvironment(environmentId).stream()
                .collect(Collectors.toMap(s -> s.id, Function.identity()));

        // Per application and granted resource, the grant's scope names by the resource defining each.
        Map<UUID, Map<UUID, Map<UUID, Set<String>>>> grantedByApp = new HashMap<>();
        for (ApplicationGrant grant : grants.listByEnvironment(environmentId)) {
            Map<UUID, Set<String>> names = grantedByApp
                    .computeIfAbsent(grant.applicationId, k -> new HashMap<>())
                    .computeIfAbsent(grant.resourceId, k -> new HashMap<>());
            for (UUID scopeId : grant.scopeIds) {
                ResourceScope scope = scopeById.get(scopeId);
                if (scope != null) {
                    names.computeIfAbsent(scope.resourceId, k -> new LinkedHashSet<>()).add(scope.name);
                }
            }
        }
        Set<UUID> withRoles = new HashSet<>(roles.applicationsWithRoles(environmentId));
        Set<UUID> bootstrapClients = bootstrap.applicationId().map(Set::of).orElse(Set.of());

        Set<UUID> hmacClients = new HashSet<>();
        List<Application> apps = applications.listByEnvironment(environmentId);
        for (Application app : apps) {
            if (app.tokenEndpointAuthMethod == TokenEndpointAuthMethod.CLIENT_SECRET_JWT) {
                hmacClients.add(app.id);
            }
        }
        Map<UUID, List<SecretView>> secretsByApp = new HashMap<>();
        Map<UUID, List<AssertionKeys.HmacSecret>> hmacByApp = new HashMap<>();
        for (ApplicationSecret s : secrets.list(
                "applicationId in (select a.id from Application a where a.environmentId = ?1)", environmentId)) {
            secretsByApp.computeIfAbsent(s.applicationId, k -> new ArrayList<>())
                    .add(new SecretView(s.id, s.digest, s.expiresAt));
            if (hmacClients.contains(s.applicationId)) {
                // RFC 7523 §2.2 with HS256: the MAC key is the secret itself, so it is opened here.
                hmacByApp.computeIfAbsent(s.applicationId, k -> new ArrayList<>()).add(new AssertionKeys.HmacSecret(
                        masterKey.open(s.ciphertext, ApplicationSecret.sealingContext(s.id)), s.expiresAt));
            }
        }

        Map<UUID, ClientView> clients = new HashMap<>();
        Map<String, UUID> chosenClientIds = new HashMap<>();
        for (Application app : apps) {
            if (app.clientId != null) {
                chosenClientIds.put(app.clientId, app.id);
            }
            Set<TokenEndpointAuthMethod> methods = EnumSet.of(app.tokenEndpointAuthMethod);
            if (bootstrapClients.contains(app.id) || app.clientId != null && isSecretMethod(app.tokenEndpointAuthMethod)) {
                // The wire contract: the bootstrap worker may use either secret method; so may a client with a
                // chosen id (PingFederate's clientAuth SECRET takes the secret in the header or the body).
                methods.add(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
                methods.add(TokenEndpointAuthMethod.CLIENT_SECRET_POST);
            }
            Map<UUID, Set<String>> granted =
                    grantedScopes.of(grantedByApp.getOrDefault(app.id, Map.of()), app.clientId != null, resourceViews.keySet());
            clients.put(app.id, new ClientView(
                    app.id,
                    environmentId,
                    app.enabled,
                    Set.copyOf(methods),
                    app.grantTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(app.grantTypes)),
                    List.copyOf(secretsByApp.getOrDefault(app.id, List.of())),
                    granted,
                    withRoles.contains(app.id),
                    assertionKeys(app, hmacByApp.getOrDefault(app.id, List.of())),
                    app.tokensNotBefore));
        }
        return new EnvironmentView(environmentId, Map.copyOf(clients), Map.copyOf(resourceViews), Map.copyOf(chosenClientIds));
    }

    private static boolean isSecretMethod(TokenEndpointAuthMethod method) {
        return method == TokenEndpointAuthMethod.CLIENT_SECRET_BASIC || method == TokenEndpointAuthMethod.CLIENT_SECRET_POST;
    }

    private static AssertionKeys assertionKeys(Application app, List<AssertionKeys.HmacSecret> hmacSecrets) {
        return switch (app.tokenEndpointAuthMethod) {
            case CLIENT_SECRET_JWT -> new AssertionKeys(List.copyOf(hmacSecrets), null, null);
            case PRIVATE_KEY_JWT -> new AssertionKeys(List.of(), app.jwks, app.jwksUrl);
            default -> AssertionKeys.NONE;
        };
    }
}
