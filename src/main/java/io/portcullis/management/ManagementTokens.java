package io.portcullis.management;

import java.util.Optional;
import java.util.UUID;

/**
 * The check of a management API bearer token, implemented where tokens are verified
 * ({@code revocation}): management authorization names what it needs and depends on no feature.
 */
public interface ManagementTokens {

    /** Who an active management token was issued to: the application and its environment. */
    record Bearer(UUID clientId, UUID environmentId) {}

    /** The bearer of {@code token} when it is active and issued for the management API, else empty. */
    Optional<Bearer> active(String token);
}
