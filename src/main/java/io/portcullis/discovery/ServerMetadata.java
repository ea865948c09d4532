package io.portcullis.discovery;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.token.Grants;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The authorization server metadata of one environment (RFC 8414 §2): what actually works. */
@Singleton
public class ServerMetadata {

    private final PortcullisConfig config;
    private final Grants grants;

    public ServerMetadata(PortcullisConfig config, Grants grants) {
        this.config = config;
        this.grants = grants;
    }

    public Map<String, Object> of(UUID environmentId) {
        String issuer = config.issuer(environmentId);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("token_endpoint", issuer + "/token");
        doc.put("jwks_uri", issuer + "/jwks");
        doc.put("grant_types_supported", grants.supported().stream().sorted().toList());
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        doc.put("response_types_supported", List.of());
        doc.put("scopes_supported", List.of());
        doc.put("token_endpoint_auth_signing_alg_values_supported", List.of());
        doc.put("access_token_signing_alg_values_supported", List.of("RS256", "RS384", "RS512", "ES256", "ES384"));
        return doc;
    }
}
