package io.portcullis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Typed view of every {@code portcullis.*} setting; defaults live in application.properties. */
@ConfigMapping(prefix = "portcullis")
public interface PortcullisConfig {

    /** The service's public base URL; token issuers are {@code {publicUrl}/{envID}/as}. */
    String publicUrl();

    /** AES-256 master key, 32 bytes base64. Required outside dev and test. */
    Optional<String> masterKey();

    Bootstrap bootstrap();

    Directory directory();

    ClientAssertion clientAssertion();

    /** How often expired rows leave the revocation list and the client-assertion replay store. */
    @WithDefault("5m")
    Duration expiredEntriesPurgeInterval();

    BruteForce bruteForce();

    Signing signing();

    KeyRotation keyRotation();

    /** The administrators' environment and worker application created on an empty database. */
    interface Bootstrap {
        String environmentName();

        Optional<UUID> environmentId();

        Optional<UUID> clientId();

        Optional<String> clientSecret();
    }

    /** The in-memory copy of clients and keys used by the token endpoint. */
    interface Directory {
        /** Safety net behind change notifications: everything is reloaded this often. */
        @WithDefault("60s")
        Duration fullReloadInterval();
    }

    /** JWT client authentication (RFC 7523): CLIENT_SECRET_JWT and PRIVATE_KEY_JWT. */
    interface ClientAssertion {
        /** Tolerated difference between the client's clock and ours for exp, nbf and iat. */
        @WithDefault("30s")
        Duration clockSkew();

        /** How long keys fetched from an application's jwksUrl are used before fetching again. */
        @WithDefault("5m")
        Duration jwksCacheDuration();

        /** Connect and read timeout, each, when fetching a jwksUrl. */
        @WithDefault("3s")
        Duration jwksFetchTimeout();
    }

    /**
     * Brute-force protection of client authentication (RFC 6749 §2.3.1, RFC 6819 §5.1.4.2.3): failures
     * are counted per client id and per source address in PostgreSQL, shared by every replica.
     */
    interface BruteForce {
        boolean enabled();

        /** Failures of one client id. */
        Limit client();

        /** Failures from one source address, whatever the client id. */
        Limit address();

        /** How often each replica reads the locks other replicas set. */
        Duration refreshInterval();

        /** {@code maxFailures} within {@code window} lock the subject out for {@code lock}. */
        interface Limit {
            int maxFailures();

            Duration window();

            Duration lock();
        }
    }

    /** How access tokens are signed. */
    interface Signing {
        /**
         * Sign with the native Amazon Corretto Crypto Provider when it loads (Linux x86-64 and
         * aarch64); false, or a platform where it does not load, signs with the JDK's providers.
         */
        @WithDefault("true")
        boolean nativeProvider();
    }

    /** Scheduled key rotation (docs/keys.md). */
    interface KeyRotation {
        /** How often each replica rotates due key rotation policies; {@code off} disables the schedule. */
        @WithDefault("1m")
        String checkInterval();
    }

    /** The management API audience, {@code {publicUrl}/v1}. */
    default String managementAudience() {
        return trimmedPublicUrl() + "/v1";
    }

    default String issuer(UUID environmentId) {
        return trimmedPublicUrl() + "/" + environmentId + "/as";
    }

    private String trimmedPublicUrl() {
        String url = publicUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
