package io.portcullis.signing;

import java.time.Duration;
import java.time.Instant;

/** The timing of key rotation (docs/keys.md): how long keys are published before and after they sign. */
public final class KeyRotation {

    /**
     * How long a resource server may cache a JWKS ({@code Cache-Control: max-age} of the jwks
     * endpoint): one day.
     */
    public static final Duration JWKS_MAX_AGE = Duration.ofHours(24);

    /**
     * How long a new key of a policy is published before it may sign: one JWKS cache lifetime plus
     * an hour for replicas to reload and for clock differences. A resource server that fetched the
     * JWKS before the key appeared has refetched before the key signs anything.
     */
    public static final Duration PRE_PUBLICATION = JWKS_MAX_AGE.plusHours(1);

    /** A key stops signing this long before it expires (clock differences between replicas). */
    public static final Duration EXPIRY_MARGIN = Duration.ofHours(1);

    /** PingOne's defaults and bounds for a policy, in days. */
    public static final int DEFAULT_ROTATION_PERIOD = 90;
    public static final int DEFAULT_VALIDITY_PERIOD = 365;
    public static final int MIN_ROTATION_PERIOD = 30;

    /** PingOne allows five policies per environment. */
    public static final int MAX_POLICIES = 5;

    /** Seconds a token request waits before retrying when no key can sign ({@code Retry-After}). */
    public static final long RETRY_AFTER_SECONDS = 60;

    private KeyRotation() {}

    /**
     * Whether a key may sign at {@code now}: activated, and short of its expiry by more than
     * {@link #EXPIRY_MARGIN}, so that a replica whose clock runs that much behind still never signs
     * with an expired key.
     */
    static boolean maySign(Instant activatesAt, Instant expiresAt, Instant now) {
        return !now.isBefore(activatesAt) && now.isBefore(expiresAt.minus(EXPIRY_MARGIN));
    }
}
