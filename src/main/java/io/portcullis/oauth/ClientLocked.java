package io.portcullis.oauth;

import java.time.Instant;
import java.util.UUID;

/**
 * A client id was locked out for a source address after repeated failed authentications (RFC 6819
 * §4.3.5; clientauth/ClientLockout). The audit trail records it in the trail of the environment the
 * application belongs to, whatever path was guessed under; nothing is recorded when no application
 * has the id. Here, in a package that depends on no feature, so that client authentication and the
 * audit trail need not know each other.
 */
public record ClientLocked(UUID clientId, Instant at, String description) {}
