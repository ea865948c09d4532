package io.portcullis.directory;

import java.time.Instant;
import java.util.UUID;

/** A secret's digest as held in memory; {@code expiresAt} is null for the current secret. */
public record SecretView(UUID id, byte[] digest, Instant expiresAt) {

    public boolean usableAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
