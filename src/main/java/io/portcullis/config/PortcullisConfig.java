package io.portcullis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
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

    Startup startup();

    PingFederate pingfederate();

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
        /**
         * Safety net behind change notifications: this often, the environments changed since the
         * previous check (one query) are reloaded.
         */
        @WithDefault("30s")
        Duration changeCheckInterval();
    }

    /** JWT client authentication (RFC 7523): CLIENT_SECRET_JWT and PRIVATE_KEY_JWT. */
    interface ClientAssertion {
        /** Tolerated difference between the client's clock and ours for exp, nbf and iat. */
        @WithDefault("30s")
        Duration clockSkew();

        /** How long keys fetched from an application's jwksUrl are used before fetching again. */
        @WithDefault("5m")
        Duration jwksCacheDuration();

        /** The whole fetch of a jwksUrl (look-up, connection, TLS, response) must end within this. */
        @WithDefault("3s")
        Duration jwksFetchTimeout();

        /**
         * Host names and address ranges (CIDR) a jwksUrl may name or resolve to although they are
         * not public: loopback, private and the like are refused otherwise (server-side request forgery).
         */
        Optional<List<String>> jwksUrlAllowedHosts();
    }

    /**
     * Brute-force protection of client authentication (RFC 6749 §2.3.1, RFC 6819 §5.1.4.2.3): wrong
     * shared secrets are counted per (source address, environment path, client id) and per source
     * address in PostgreSQL, shared by every replica.
     */
    interface BruteForce {
        boolean enabled();

        /** Failures of one client id from one source address under one environment path. */
        Limit client();

        /** Failures from one source address, whatever the client ids. */
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

    /** What the service does right after it starts. */
    interface Startup {
        /**
         * Load the signing provider, the set of environments and the administrators' environment
         * (clients, keys, one throwaway signature) on a background thread once the service
         * listens, instead of on the first token request.
         */
        @WithDefault("true")
        boolean warmUp();
    }

    /**
     * The PingFederate face: one environment served at PingFederate's paths on the server root
     * ({@code /as/token.oauth2}, {@code /pf/JWKS}, {@code /pf-admin-api/v1/...}).
     */
    interface PingFederate {
        /** Whether the root paths answer; false makes them 404 and creates no environment. */
        @WithDefault("true")
        boolean enabled();

        /** The environment behind the face; created at start-up when it does not exist. */
        UUID environmentId();

        /** The name it is created with. */
        @WithDefault("PingFederate")
        String environmentName();
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

    /**
     * An environment's issuer: {@code {publicUrl}/{envID}/as}, or the public URL itself for the
     * PingFederate face's environment (PingFederate's issuer is its base URL).
     */
    default String issuer(UUID environmentId) {
        if (pingfederate().enabled() && pingfederate().environmentId().equals(environmentId)) {
            return trimmedPublicUrl();
        }
        return endpointBase(environmentId);
    }

    /** Where an environment's OAuth endpoints live: {@code {publicUrl}/{envID}/as}. */
    default String endpointBase(UUID environmentId) {
        return trimmedPublicUrl() + "/" + environmentId + "/as";
    }

    /** The public URL without a trailing slash. */
    default String baseUrl() {
        return trimmedPublicUrl();
    }

    private String trimmedPublicUrl() {
        String url = publicUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
