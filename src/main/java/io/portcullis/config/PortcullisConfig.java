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

    Signing signing();

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

    /** How access tokens are signed. */
    interface Signing {
        /**
         * Sign with the native Amazon Corretto Crypto Provider when it loads (Linux x86-64 and
         * aarch64); false, or a platform where it does not load, signs with the JDK's providers.
         */
        @WithDefault("true")
        boolean nativeProvider();
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
