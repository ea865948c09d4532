package io.portcullis.resource;

import io.portcullis.change.ChangePublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Creates, changes and deletes resources and their scopes; every write refreshes the directory. */
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

    /** Replaces a resource's fields; an omitted audience or validity takes its default, as in {@link #create}. */
    @Transactional
    public Resource update(
            UUID environmentId, UUID id, String name, String audience, Integer validitySeconds, String description) {
        Resource resource = resources.findInEnvironment(environmentId, id).orElseThrow();
        resource.name = name;
        resource.audience = audience != null ? audience : name;
        resource.accessTokenValiditySeconds = validitySeconds != null ? validitySeconds : Resource.DEFAULT_VALIDITY_SECONDS;
        resource.description = description;
        resource.updatedAt = clock.instant();
        changes.environmentChanged(environmentId);
        return resource;
    }

    /** Deletes a resource; PostgreSQL drops its scopes and the grants of it (ON DELETE CASCADE). */
    @Transactional
    public boolean delete(UUID environmentId, UUID id) {
        boolean deleted = resources.delete("id = ?1 and environmentId = ?2", id, environmentId) > 0;
        if (deleted) {
            changes.environmentChanged(environmentId);
        }
        return deleted;
    }

    @Transactional
    public ResourceScope updateScope(UUID environmentId, UUID resourceId, UUID id, String name, String description) {
        ResourceScope scope = scopes.findInResource(resourceId, id).orElseThrow();
        scope.name = name;
        scope.description = description;
        scope.updatedAt = clock.instant();
        changes.environmentChanged(environmentId);
        return scope;
    }

    /** Deletes a scope; PostgreSQL takes it out of every grant (ON DELETE CASCADE). */
    @Transactional
    public boolean deleteScope(UUID environmentId, UUID resourceId, UUID id) {
        boolean deleted = scopes.delete("id = ?1 and resourceId = ?2", id, resourceId) > 0;
        if (deleted) {
            changes.environmentChanged(environmentId);
        }
        return deleted;
    }
}
