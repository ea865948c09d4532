package io.portcullis.resource;

import io.portcullis.crypto.MasterKey;
import io.portcullis.crypto.SecretDigest;
import io.portcullis.crypto.SecretGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Creates, changes and deletes resources and their scopes; every write refreshes the directory. */
@ApplicationScoped
public class ResourceService {

    private final ResourceRepository resources;
    private final ResourceScopeRepository scopes;
    private final Clock clock;
    private final ResourceSecretRepository secrets;
    private final SecretGenerator generator;
    private final SecretDigest digest;
    private final MasterKey masterKey;

    public ResourceService(
            ResourceRepository resources, ResourceScopeRepository scopes, Clock clock,
            ResourceSecretRepository secrets, SecretGenerator generator, SecretDigest digest, MasterKey masterKey) {
        this.resources = resources;
        this.scopes = scopes;
        this.clock = clock;
        this.secrets = secrets;
        this.generator = generator;
        this.digest = digest;
        this.masterKey = masterKey;
    }

    /**
     * PingOne's resource fields beyond name, audience, validity and description; null takes the
     * default (CLIENT_SECRET_BASIC, claimEnabled false).
     */
    public record Introspection(String introspectEndpointAuthMethod, Boolean applicationPermissionsClaimEnabled) {
        public static final Introspection DEFAULTS = new Introspection(null, null);
    }

    /** Creates a CUSTOM resource; the audience defaults to the name, the validity to 3600 s. */
    @Transactional
    public Resource create(UUID environmentId, String name, String audience, Integer validitySeconds, String description) {
        return create(environmentId, name, audience, validitySeconds, description, Introspection.DEFAULTS);
    }

    /** Creates a CUSTOM resource with its own secret (PingOne: every custom resource has one). */
    @Transactional
    public Resource create(UUID environmentId, String name, String audience, Integer validitySeconds, String description,
            Introspection introspection) {
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
        apply(resource, introspection);
        resources.persist(resource);
        storeSecret(resource.id, now);
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
        return scope;
    }

    /** Replaces a resource's fields; an omitted audience or validity takes its default, as in {@link #create}. */
    @Transactional
    public Resource update(
            UUID environmentId, UUID id, String name, String audience, Integer validitySeconds, String description) {
        return update(environmentId, id, name, audience, validitySeconds, description, Introspection.DEFAULTS);
    }

    /** Replaces a resource's fields; omitted ones take their defaults, as in {@link #create}. */
    @Transactional
    public Resource update(UUID environmentId, UUID id, String name, String audience, Integer validitySeconds,
            String description, Introspection introspection) {
        Resource resource = resources.findInEnvironment(environmentId, id).orElseThrow();
        resource.name = name;
        resource.audience = audience != null ? audience : name;
        resource.accessTokenValiditySeconds = validitySeconds != null ? validitySeconds : Resource.DEFAULT_VALIDITY_SECONDS;
        resource.description = description;
        resource.updatedAt = clock.instant();
        apply(resource, introspection);
        return resource;
    }

    /**
     * The resource's secret in the clear, for {@code GET .../secret}. A resource created before
     * resources had secrets gets one now, so that the read always answers.
     */
    @Transactional
    public String secret(UUID environmentId, UUID resourceId) {
        ResourceSecret secret = secrets.ofResource(resourceId).orElse(null);
        if (secret == null) {
            secret = storeSecret(resourceId, clock.instant());
        }
        return reveal(secret);
    }

    /** Replaces the resource's secret with a new one at once (PingOne keeps no previous resource secret). */
    @Transactional
    public String rotateSecret(UUID environmentId, UUID resourceId) {
        ResourceSecret secret = secrets.ofResource(resourceId).orElse(null);
        if (secret == null) {
            secret = storeSecret(resourceId, clock.instant());
        } else {
            seal(secret, generator.newSecret());
            secret.createdAt = clock.instant();
        }
        return reveal(secret);
    }

    private ResourceSecret storeSecret(UUID resourceId, Instant now) {
        ResourceSecret secret = new ResourceSecret();
        secret.id = UUID.randomUUID();
        secret.resourceId = resourceId;
        secret.createdAt = now;
        seal(secret, generator.newSecret());
        secrets.persist(secret);
        return secret;
    }

    private void seal(ResourceSecret secret, String plain) {
        secret.ciphertext = masterKey.seal(plain.getBytes(StandardCharsets.UTF_8), ResourceSecret.sealingContext(secret.id));
        secret.digest = digest.of(plain);
    }

    private String reveal(ResourceSecret secret) {
        return new String(masterKey.open(secret.ciphertext, ResourceSecret.sealingContext(secret.id)), StandardCharsets.UTF_8);
    }

    private static void apply(Resource resource, Introspection introspection) {
        resource.introspectEndpointAuthMethod = introspection.introspectEndpointAuthMethod() != null
                ? introspection.introspectEndpointAuthMethod() : Resource.DEFAULT_INTROSPECT_METHOD;
        resource.applicationPermissionsClaimEnabled = Boolean.TRUE.equals(introspection.applicationPermissionsClaimEnabled());
    }

    /** Deletes a resource; PostgreSQL drops its scopes and the grants of it (ON DELETE CASCADE). */
    @Transactional
    public boolean delete(UUID environmentId, UUID id) {
        Optional<Resource> resource = resources.findInEnvironment(environmentId, id);
        resource.ifPresent(resources::delete);
        return resource.isPresent();
    }

    @Transactional
    public ResourceScope updateScope(UUID environmentId, UUID resourceId, UUID id, String name, String description) {
        ResourceScope scope = scopes.findInResource(resourceId, id).orElseThrow();
        scope.name = name;
        scope.description = description;
        scope.updatedAt = clock.instant();
        return scope;
    }

    /** Deletes a scope; PostgreSQL takes it out of every grant (ON DELETE CASCADE). */
    @Transactional
    public boolean deleteScope(UUID environmentId, UUID resourceId, UUID id) {
        Optional<ResourceScope> scope = scopes.findInResource(resourceId, id);
        scope.ifPresent(scopes::delete);
        return scope.isPresent();
    }
}
