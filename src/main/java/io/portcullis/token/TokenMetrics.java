package io.portcullis.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.portcullis.directory.Directory;
import io.portcullis.oauth.OAuthRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts token requests issued and refused per environment and {@code error}, and times them.
 * Only environments that exist are named in tags; any other path segment is counted as
 * {@value #UNKNOWN}, so a caller cannot grow the set of series with made-up ids. Meters are
 * created once per environment and reused: the hot path does a map lookup, not a registry lookup.
 */
@Singleton
public class TokenMetrics {

    static final String UNKNOWN = "unknown";
    static final String ISSUED = "portcullis.tokens.issued";
    static final String REFUSED = "portcullis.tokens.refused";
    static final String LATENCY = "portcullis.token.request";

    private final MeterRegistry registry;
    private final Directory directory;
    private final ConcurrentMap<String, EnvironmentMeters> byEnvironment = new ConcurrentHashMap<>();
    private final Timer issuedLatency;
    private final Timer refusedLatency;

    public TokenMetrics(MeterRegistry registry, Directory directory) {
        this.registry = registry;
        this.directory = directory;
        this.issuedLatency = latencyTimer(registry, "issued");
        this.refusedLatency = latencyTimer(registry, "refused");
    }

    /** A token was issued; {@code startNanos} is {@link System#nanoTime()} at the request's start. */
    public void issued(String rawEnvironmentId, long startNanos) {
        issuedLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        // A token was issued, so the environment exists: no directory lookup.
        metersFor(OAuthRequest.environmentIdOrNull(rawEnvironmentId).toString()).issued.increment();
    }

    /**
     * The request was refused with the RFC 6749 §5.2 {@code error} code (or {@code server_error}).
     * Whether the environment exists is read from the directory: on the event loop, from what the
     * request was decided with ({@link io.portcullis.directory.Directory#HELD_FOR_REQUEST}).
     */
    public void refused(String rawEnvironmentId, String error, long startNanos) {
        refusedLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        metersOf(rawEnvironmentId).refused(error).increment();
    }

    /**
     * The request failed unexpectedly (a 500). Counted as {@code server_error} under
     * {@value #UNKNOWN}: the directory may be what failed, so it is not asked for the environment.
     */
    public void failed(long startNanos) {
        refusedLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        metersFor(UNKNOWN).refused("server_error").increment();
    }

    private EnvironmentMeters metersOf(String rawEnvironmentId) {
        return metersFor(environmentTag(rawEnvironmentId));
    }

    private EnvironmentMeters metersFor(String tag) {
        EnvironmentMeters meters = byEnvironment.get(tag);
        return meters != null ? meters : byEnvironment.computeIfAbsent(tag, this::newMeters);
    }

    private String environmentTag(String rawEnvironmentId) {
        UUID id = OAuthRequest.environmentIdOrNull(rawEnvironmentId);
        return id != null && directory.exists(id) ? id.toString() : UNKNOWN;
    }

    private EnvironmentMeters newMeters(String environment) {
        Counter issued = Counter.builder(ISSUED)
                .description("Access tokens issued by the token endpoint")
                .tag("environment", environment)
                .register(registry);
        return new EnvironmentMeters(environment, issued, new ConcurrentHashMap<>());
    }

    private static Timer latencyTimer(MeterRegistry registry, String outcome) {
        return Timer.builder(LATENCY)
                .description("Time to answer a token request, from the parsed request to the response")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    /** The meters of one environment tag; refusal counters are made on the first use of each code. */
    private final class EnvironmentMeters {
        private final String environment;
        private final Counter issued;
        private final Map<String, Counter> refusedByError;

        EnvironmentMeters(String environment, Counter issued, Map<String, Counter> refusedByError) {
            this.environment = environment;
            this.issued = issued;
            this.refusedByError = refusedByError;
        }

        Counter refused(String error) {
            Counter counter = refusedByError.get(error);
            return counter != null ? counter : refusedByError.computeIfAbsent(error, e -> Counter.builder(REFUSED)
                    .description("Token requests refused, by RFC 6749 error code")
                    .tag("environment", environment)
                    .tag("error", e)
                    .register(registry));
        }
    }
}
