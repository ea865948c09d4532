package io.portcullis.signing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * What an operator watches about signing keys: seconds until the soonest expiry of a key that signs
 * for someone, rotations done, and token requests refused because no key could sign, with log
 * lines weeks ahead of an expiry.
 */
@Singleton
public class SigningKeyMetrics {

    private static final Logger LOG = Logger.getLogger(SigningKeyMetrics.class);
    /** A key in use that expires within this is logged daily and shown as {@code EXPIRING}. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    static final String EXPIRY = "portcullis.signing.key.expiry";
    static final String UNAVAILABLE = "portcullis.signing.unavailable";
    static final String ROTATIONS = "portcullis.signing.rotations";

    private final MeterRegistry registry;
    private final Clock clock;
    /** Epoch second of the soonest expiry of a key in use; Long.MAX_VALUE before the first check. */
    private final AtomicLong soonestExpiry = new AtomicLong(Long.MAX_VALUE);
    private final Counter rotations;
    private final ConcurrentMap<UUID, Counter> unavailableByEnvironment = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Instant> lastLogged = new ConcurrentHashMap<>();

    public SigningKeyMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder(EXPIRY, this, SigningKeyMetrics::secondsUntilSoonestExpiry)
                .description("Seconds until the soonest expiry of a signing key in use (a policy's current key, "
                        + "or a default manual key that an application signs with); negative once expired")
                .baseUnit("seconds")
                .register(registry);
        rotations = Counter.builder(ROTATIONS).description("Key rotation policies rotated by this replica").register(registry);
    }

    /** A key in use: which environment, which key, and when it expires. */
    public record KeyInUse(UUID environmentId, UUID keyId, Instant expiresAt) {}

    /** Records the keys in use found by a check, warning (at most daily each) of those expiring soon. */
    void checked(List<KeyInUse> inUse) {
        Instant now = clock.instant();
        soonestExpiry.set(inUse.stream().mapToLong(k -> k.expiresAt().getEpochSecond()).min().orElse(Long.MAX_VALUE));
        for (KeyInUse key : inUse) {
            if (key.expiresAt().isBefore(now.plus(EXPIRY_WARNING)) && due(key.keyId(), now)) {
                LOG.warnf("Signing key %s of environment %s expires at %s and applications sign with it: make a key "
                        + "rotation policy sign for them, or make another key the default (docs/keys.md)",
                        key.keyId(), key.environmentId(), key.expiresAt());
            }
        }
    }

    void rotated(int count) {
        rotations.increment(count);
    }

    /** A token request found no key that may sign: counted, and logged at most once a minute per environment. */
    public void noKeyCouldSign(UUID environmentId) {
        unavailableByEnvironment.computeIfAbsent(environmentId, id -> Counter.builder(UNAVAILABLE)
                .description("Token requests refused with 503 because no signing key could sign")
                .tag("environment", id.toString())
                .register(registry)).increment();
        Instant now = clock.instant();
        Instant last = lastLogged.get(environmentId);
        if (last == null || !now.isBefore(last.plus(Duration.ofMinutes(1)))) {
            lastLogged.put(environmentId, now);
            LOG.errorf("Environment %s has no signing key that may sign: token requests get 503 temporarily_unavailable "
                    + "until a key rotation runs or a key is made the default (docs/keys.md)", environmentId);
        }
    }

    double secondsUntilSoonestExpiry() {
        long soonest = soonestExpiry.get();
        return soonest == Long.MAX_VALUE ? Double.NaN : soonest - clock.instant().getEpochSecond();
    }

    private boolean due(UUID keyId, Instant now) {
        Instant last = lastLogged.get(keyId);
        if (last != null && now.isBefore(last.plus(Duration.ofDays(1)))) {
            return false;
        }
        lastLogged.put(keyId, now);
        return true;
    }
}
