package io.portcullis.change;

import java.util.UUID;

/**
 * Something that the token endpoint reads from memory changed in one environment (its
 * applications, secrets, resources, scopes, grants, roles or keys), or the environment itself
 * was created or deleted. Observers drop what they hold for it.
 */
public record EnvironmentChanged(UUID environmentId) {}
