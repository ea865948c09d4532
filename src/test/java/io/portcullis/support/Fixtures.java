package io.portcullis.support;

import io.portcullis.application.Application;
import io.portcullis.application.ApplicationService;
import io.portcullis.application.ApplicationType;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.environment.Environment;
import io.portcullis.environment.EnvironmentService;
import io.portcullis.resource.Resource;
import io.portcullis.resource.ResourceScope;
import io.portcullis.resource.ResourceService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Builds test data through the service's own Java API (the same calls the management API makes). */
@ApplicationScoped
public class Fixtures {

    private final EnvironmentService environments;
    private final ApplicationService applications;
    private final ResourceService resources;

    public Fixtures(EnvironmentService environments, ApplicationService applications, ResourceService resources) {
        this.environments = environments;
        this.applications = applications;
        this.resources = resources;
    }

    public Environment environment() {
        return environments.create(null, "env-" + UUID.randomUUID(), null);
    }

    /** A resource with scopes, by name; returns the scopes by name. */
    public CreatedResource resource(UUID environmentId, String name, Integer validitySeconds, String... scopes) {
        Resource resource = resources.create(environmentId, name, null, validitySeconds, null);
        Map<String, ResourceScope> byName = new LinkedHashMap<>();
        for (String scope : scopes) {
            byName.put(scope, resources.createScope(environmentId, resource.id, scope, null));
        }
        return new CreatedResource(resource, byName);
    }

    public CreatedApp application(UUID environmentId, TokenEndpointAuthMethod method, GrantType... grantTypes) {
        Application app = applications.create(environmentId, new ApplicationService.NewApplication(
                null, "app-" + UUID.randomUUID(), null, ApplicationType.WORKER,
                Set.of(grantTypes), method, true), null);
        return new CreatedApp(app, applications.currentSecret(app.id).orElseThrow());
    }

    /** A client_credentials client of the method, granted "orders:read" of a new resource "orders". */
    public CreatedApp ordersReader(UUID environmentId, TokenEndpointAuthMethod method) {
        CreatedResource orders = resource(environmentId, "orders", null, "orders:read");
        CreatedApp app = application(environmentId, method, GrantType.CLIENT_CREDENTIALS);
        grant(environmentId, app.app().id, orders, "orders:read");
        return app;
    }

    public void grant(UUID environmentId, UUID applicationId, CreatedResource resource, String... scopes) {
        Set<UUID> ids = Arrays.stream(scopes).map(s -> resource.scopes().get(s).id).collect(Collectors.toSet());
        applications.grant(environmentId, applicationId, resource.resource().id, ids);
    }

    public void disable(UUID environmentId, UUID applicationId) {
        applications.setEnabled(environmentId, applicationId, false);
    }

    /** Rotates the secret; the old one stays valid until {@code previousExpiresAt} (null: dies at once). */
    public String rotateSecret(UUID environmentId, UUID applicationId, Instant previousExpiresAt) {
        return applications.rotateSecret(environmentId, applicationId, previousExpiresAt);
    }

    public void deleteApplication(UUID environmentId, UUID applicationId) {
        applications.delete(environmentId, applicationId);
    }

    public void deleteEnvironment(UUID environmentId) {
        environments.delete(environmentId);
    }

    public record CreatedResource(Resource resource, Map<String, ResourceScope> scopes) {}

    public record CreatedApp(Application app, String secret) {
        public String clientId() {
            return app.id.toString();
        }
    }
}
