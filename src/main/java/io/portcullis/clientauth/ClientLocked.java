package io.portcullis.clientauth;

import java.time.Instant;
import java.util.UUID;

/**
 * A client id was locked out for a source address ({@link ClientLockout}). The audit trail's owner
 * records it in the trail of the environment the application belongs to, whatever path was guessed
 * under; nothing is recorded when no application has the id.
 */
public record ClientLocked(UUID clientId, Instant at, String description) {}
