package io.portcullis.resource;

import io.portcullis.change.ChangePublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Creates and changes resources and their scopes. */
@ApplicationScoped
public class ResourceService {

    private final ResourceRepository resources;
    private final ResourceScopeRepository scopes;
    private final ChangePublisher changes;
    private final Clock clock;

    public ResourceService(
            ResourceRepository resources, ResourceScopeRepository scopes, ChangePublisher changes, Clock clock) {
        this.resources = resources;
        this.scopes = scopes;
        this.changes = changes;
        this.clock = clock;
    }

    /** Creates a CUSTOM resource; the audience defaults to the name, the validity to 3600 s. */
    @Transactional
    public Resource create(UUID environmentId, String name, String audience, Integer validitySeconds, String description) {
        Instant now = clock.instant();
        Resource resource = new Resource();
        resource.id = UUID.randomUUID();
        resource.environmentId = environmentId;
        resource.name = name;
        resource.type = "CUSTOM";
        resource.audience = audience != null ? audience : name;
        resource.accessTokenValiditySeconds = validitySeconds != null ? validitySeconds : Resource.DEFAULT_VALIDITY_SECONDS;
        resource.description = description;
        resource.createdAt = now;
        resource.updatedAt = now;
        resources.persist(resource);
        changes.environmentChanged(environmentId);
        return resource;
    }

    @Transactional
    public ResourceScope createScope(UUID environmentId, UUID resourceId, String name, String description) {
        Instant now = clock.instant();
        ResourceScope scope = new ResourceScope();
        scope.id = UUID.randomUUID();
        scope.resourceId = resourceId;
        scope.name = name;
        scope.description = description;
        scope.createdAt = now;
        scope.updatedAt = now;
        scopes.persist(scope);
        changes.environmentChanged(environmentId);
        return scope;
    }
}
