package io.portcullis.directory;

import java.util.UUID;

/** A resource as the token endpoint needs it. */
public record ResourceView(UUID id, String name, String audience, int accessTokenValiditySeconds) {}
