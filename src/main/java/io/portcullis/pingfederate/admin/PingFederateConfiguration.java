package io.portcullis.pingfederate.admin;

import io.portcullis.application.Application;
import io.portcullis.application.ApplicationGrant;
import io.portcullis.application.ApplicationGrantRepository;
import io.portcullis.application.ApplicationRepository;
import io.portcullis.application.ApplicationSecretRepository;
import io.portcullis.application.ApplicationService;
import io.portcullis.application.ApplicationType;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.resource.Resource;
import io.portcullis.resource.ResourceRepository;
import io.portcullis.resource.ResourceScope;
import io.portcullis.resource.ResourceScopeRepository;
import io.portcullis.resource.ResourceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * PingFederate's OAuth configuration mapped onto Portcullis's own objects, with no store of its own:
 * an access token manager is a resource (its id the resource's name, its token lifetime the
 * resource's validity), a common scope is a scope of every such resource, and an OAuth client is an
 * application with a chosen client id, a secret and one grant on its access token manager.
 */
@ApplicationScoped
public class PingFederateConfiguration {

    private final ApplicationService applications;
    private final ApplicationRepository applicationRepository;
    private final ApplicationSecretRepository secrets;
    private final ApplicationGrantRepository grants;
    private final ResourceService resources;
    private final ResourceRepository resourceRepository;
    private final ResourceScopeRepository scopes;
    private final EntityManager entityManager;

    public PingFederateConfiguration(ApplicationService applications, ApplicationRepository applicationRepository,
            ApplicationSecretRepository secrets, ApplicationGrantRepository grants, ResourceService resources,
            ResourceRepository resourceRepository, ResourceScopeRepository scopes, EntityManager entityManager) {
        this.applications = applications;
        this.applicationRepository = applicationRepository;
        this.secrets = secrets;
        this.grants = grants;
        this.resources = resources;
        this.resourceRepository = resourceRepository;
        this.scopes = scopes;
        this.entityManager = entityManager;
    }

    /** A JWT access token manager as Portcullis holds it. */
    public record AccessTokenManagerSpec(UUID resourceId, String id, String name, int lifetimeMinutes, String audience) {}

    /** An OAuth client as Portcullis holds it; {@code secret} only when one was just generated. */
    public record OAuthClient(String clientId, String name, String description, boolean enabled, Set<GrantType> grantTypes,
            String encryptedSecret, boolean restrictScopes, List<String> restrictedScopes, String tokenManagerId,
            String generatedSecret) {}

    /** What a create or replace asks for; a null secret keeps (or, on create, generates) the secret. */
    public record ClientSpec(String clientId, String name, String description, boolean enabled, Set<GrantType> grantTypes,
            String secret, String encryptedSecret, boolean restrictScopes, List<String> restrictedScopes, String tokenManagerId) {}

    // --- access token managers ---

    @Transactional
    public List<AccessTokenManagerSpec> tokenManagers(UUID environmentId) {
        return managerResources(environmentId).stream().map(PingFederateConfiguration::manager).toList();
    }

    @Transactional
    public Optional<AccessTokenManagerSpec> tokenManager(UUID environmentId, String id) {
        return managerResource(environmentId, id).map(PingFederateConfiguration::manager);
    }

    /** Creates the manager with every common scope, so that its clients can ask for them. */
    @Transactional
    public AccessTokenManagerSpec createTokenManager(UUID environmentId, AccessTokenManagerSpec spec) {
        if (managerResource(environmentId, spec.id()).isPresent()) {
            throw PingFederateApiError.invalid("id", "An access token manager with this id already exists");
        }
        Set<String> common = commonScopeNames(environmentId);
        Resource resource = resources.create(environmentId, spec.id(), spec.audience(), spec.lifetimeMinutes() * 60, spec.name());
        for (String scope : common) {
            resources.createScope(environmentId, resource.id, scope, null);
        }
        return manager(resource);
    }

    @Transactional
    public AccessTokenManagerSpec updateTokenManager(UUID environmentId, AccessTokenManagerSpec spec) {
        Resource resource = managerResource(environmentId, spec.id())
                .orElseThrow(() -> PingFederateApiError.notFound("access token manager " + spec.id()));
        return manager(resources.update(environmentId, resource.id, resource.name, spec.audience(),
                spec.lifetimeMinutes() * 60, spec.name()));
    }

    // --- common scopes ---

    /** The common scopes: name and description, by name. */
    @Transactional
    public Map<String, String> commonScopes(UUID environmentId) {
        Map<String, String> byName = new LinkedHashMap<>();
        managerResources(environmentId).stream().findFirst().ifPresent(first -> scopes.listByResource(first.id).stream()
                .sorted(Comparator.comparing(s -> s.name))
                .forEach(s -> byName.put(s.name, s.description)));
        return byName;
    }

    /**
     * Makes the common scopes exactly these: each becomes a scope of every access token manager, and
     * clients that are not restricted get every new one.
     */
    @Transactional
    public void replaceCommonScopes(UUID environmentId, Map<String, String> wanted) {
        for (Resource manager : managerResources(environmentId)) {
            Map<String, ResourceScope> existing = new LinkedHashMap<>();
            scopes.listByResource(manager.id).forEach(s -> existing.put(s.name, s));
            for (ResourceScope scope : existing.values()) {
                if (!wanted.containsKey(scope.name)) {
                    resources.deleteScope(environmentId, manager.id, scope.id);
                } else if (!java.util.Objects.equals(scope.description, wanted.get(scope.name))) {
                    resources.updateScope(environmentId, manager.id, scope.id, scope.name, wanted.get(scope.name));
                }
            }
            wanted.forEach((name, description) -> {
                if (!existing.containsKey(name)) {
                    resources.createScope(environmentId, manager.id, name, description);
                }
            });
        }
        scopes.flush();
        for (Application app : applicationRepository.listByEnvironment(environmentId)) {
            PingFederateClientSettings settings = entityManager.find(PingFederateClientSettings.class, app.id);
            if (settings != null && !settings.restrictScopes) {
                String managerId = grantedManager(environmentId, app.id).map(r -> r.name).orElse(null);
                if (managerId != null) {
                    setGrant(environmentId, app.id, managerId, List.copyOf(wanted.keySet()));
                }
            }
        }
    }

    // --- OAuth clients ---

    @Transactional
    public List<OAuthClient> clients(UUID environmentId) {
        return applicationRepository.listByEnvironment(environmentId).stream()
                .sorted(Comparator.comparing(a -> a.clientId != null ? a.clientId : a.id.toString()))
                .map(app -> client(environmentId, app, null)).toList();
    }

    @Transactional
    public Optional<OAuthClient> client(UUID environmentId, String clientId) {
        return find(environmentId, clientId).map(app -> client(environmentId, app, null));
    }

    @Transactional
    public OAuthClient createClient(UUID environmentId, ClientSpec spec) {
        if (find(environmentId, spec.clientId()).isPresent()) {
            throw PingFederateApiError.invalid("clientId", "A client with this clientId already exists");
        }
        if (spec.encryptedSecret() != null) {
            throw PingFederateApiError.invalid("clientAuth.encryptedSecret", "A new client takes clientAuth.secret, not encryptedSecret");
        }
        List<String> allowed = allowedScopes(environmentId, spec);
        Application app = applications.create(environmentId, new ApplicationService.NewApplication(null, spec.name(),
                spec.description(), ApplicationType.WORKER, spec.grantTypes(), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                spec.enabled()), spec.secret());
        app.clientId = spec.clientId();
        PingFederateClientSettings settings = new PingFederateClientSettings();
        settings.applicationId = app.id;
        settings.restrictScopes = spec.restrictScopes();
        entityManager.persist(settings);
        setGrant(environmentId, app.id, spec.tokenManagerId(), allowed);
        entityManager.flush();
        String generated = spec.secret() == null ? applications.currentSecret(app.id).orElseThrow() : null;
        return client(environmentId, app, generated);
    }

    @Transactional
    public OAuthClient replaceClient(UUID environmentId, String clientId, ClientSpec spec) {
        Application app = find(environmentId, clientId).orElseThrow(() -> PingFederateApiError.notFound("client " + clientId));
        List<String> allowed = allowedScopes(environmentId, spec);
        if (spec.encryptedSecret() != null && spec.secret() == null
                && !spec.encryptedSecret().equals(encryptedSecret(app.id))) {
            throw PingFederateApiError.invalid("clientAuth.encryptedSecret", "Is not the client's current encrypted secret");
        }
        applications.update(environmentId, app.id, new ApplicationService.NewApplication(app.id, spec.name(),
                spec.description(), app.type, spec.grantTypes(), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, spec.enabled()));
        if (spec.secret() != null) {
            applications.replaceSecret(environmentId, app.id, null, spec.secret());
        }
        PingFederateClientSettings settings = entityManager.find(PingFederateClientSettings.class, app.id);
        if (settings == null) {
            settings = new PingFederateClientSettings();
            settings.applicationId = app.id;
            entityManager.persist(settings);
        }
        settings.restrictScopes = spec.restrictScopes();
        setGrant(environmentId, app.id, spec.tokenManagerId(), allowed);
        entityManager.flush();
        return client(environmentId, app, null);
    }

    @Transactional
    public boolean deleteClient(UUID environmentId, String clientId) {
        return find(environmentId, clientId).map(app -> applications.delete(environmentId, app.id)).orElse(false);
    }

    /** The application by its chosen client id, or by its UUID. */
    @Transactional
    public Optional<Application> find(UUID environmentId, String clientId) {
        Optional<Application> chosen = applicationRepository.findByClientId(environmentId, clientId);
        if (chosen.isPresent()) {
            return chosen;
        }
        try {
            return clientId.length() == 36
                    ? applicationRepository.findInEnvironment(environmentId, UUID.fromString(clientId)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private List<String> allowedScopes(UUID environmentId, ClientSpec spec) {
        if (managerResource(environmentId, spec.tokenManagerId()).isEmpty()) {
            throw PingFederateApiError.invalid("defaultAccessTokenManagerRef.id", "No access token manager has this id");
        }
        Set<String> common = commonScopeNames(environmentId);
        if (!spec.restrictScopes()) {
            return List.copyOf(common);
        }
        for (String scope : spec.restrictedScopes()) {
            if (!common.contains(scope)) {
                throw PingFederateApiError.invalid("restrictedScopes", "'" + printable(scope) + "' is not a common scope");
            }
        }
        return spec.restrictedScopes();
    }

    /** The client's one grant: these scopes of this manager (none: no grant). */
    private void setGrant(UUID environmentId, UUID applicationId, String managerId, List<String> scopeNames) {
        for (ApplicationGrant grant : grants.listByApplication(applicationId)) {
            applications.deleteGrant(environmentId, applicationId, grant.id);
        }
        grants.flush();
        Resource manager = managerResource(environmentId, managerId).orElseThrow();
        Map<String, UUID> scopeIds = new LinkedHashMap<>();
        scopes.listByResource(manager.id).forEach(s -> scopeIds.put(s.name, s.id));
        Set<UUID> ids = new LinkedHashSet<>();
        for (String name : scopeNames) {
            ids.add(scopeIds.get(name));
        }
        // A client without scopes keeps an empty grant, so that its access token manager is remembered.
        applications.grant(environmentId, applicationId, manager.id, ids);
    }

    private OAuthClient client(UUID environmentId, Application app, String generatedSecret) {
        PingFederateClientSettings settings = entityManager.find(PingFederateClientSettings.class, app.id);
        Optional<Resource> manager = grantedManager(environmentId, app.id);
        List<String> granted = new ArrayList<>();
        manager.ifPresent(m -> {
            Map<UUID, String> names = new LinkedHashMap<>();
            scopes.listByResource(m.id).forEach(s -> names.put(s.id, s.name));
            grants.listByApplication(app.id).stream().filter(g -> g.resourceId.equals(m.id))
                    .flatMap(g -> g.scopeIds.stream()).map(names::get).filter(java.util.Objects::nonNull).forEach(granted::add);
        });
        boolean restricted = settings == null || settings.restrictScopes;
        return new OAuthClient(app.clientId != null ? app.clientId : app.id.toString(), app.name, app.description,
                app.enabled, Set.copyOf(app.grantTypes), encryptedSecret(app.id), restricted,
                restricted ? List.copyOf(new TreeSet<>(granted)) : List.of(), manager.map(m -> m.name).orElse(null),
                generatedSecret);
    }

    /** PingFederate's {@code encryptedSecret}: the sealed secret (AES-GCM under the master key), base64url. */
    private String encryptedSecret(UUID applicationId) {
        return secrets.current(applicationId).map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(s.ciphertext))
                .orElse(null);
    }

    private Optional<Resource> grantedManager(UUID environmentId, UUID applicationId) {
        return grants.listByApplication(applicationId).stream().findFirst()
                .flatMap(g -> resourceRepository.findInEnvironment(environmentId, g.resourceId));
    }

    private Set<String> commonScopeNames(UUID environmentId) {
        return commonScopes(environmentId).keySet();
    }

    /** Every resource of the environment is an access token manager, oldest first. */
    private List<Resource> managerResources(UUID environmentId) {
        return resourceRepository.listByEnvironment(environmentId).stream()
                .sorted(Comparator.comparing((Resource r) -> r.createdAt).thenComparing(r -> r.name)).toList();
    }

    private Optional<Resource> managerResource(UUID environmentId, String id) {
        return managerResources(environmentId).stream().filter(r -> r.name.equals(id)).findFirst();
    }

    private static AccessTokenManagerSpec manager(Resource resource) {
        return new AccessTokenManagerSpec(resource.id, resource.name, resource.description != null ? resource.description : resource.name,
                resource.accessTokenValiditySeconds / 60, resource.audience);
    }

    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 40; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '\'' ? c : '?');
        }
        return out.toString();
    }
}
