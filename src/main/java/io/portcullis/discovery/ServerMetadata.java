package io.portcullis.discovery;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.clientauth.ClientAuthentication;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.resource.ResourceScopeRepository;
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
    private final ClientAuthentication clientAuthentication;
    private final ResourceScopeRepository scopes;

    public ServerMetadata(
            PortcullisConfig config, Grants grants, ClientAuthentication clientAuthentication, ResourceScopeRepository scopes) {
        this.config = config;
        this.grants = grants;
        this.clientAuthentication = clientAuthentication;
        this.scopes = scopes;
    }

    public Map<String, Object> of(UUID environmentId) {
        String base = config.endpointBase(environmentId);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", config.issuer(environmentId));
        doc.put("token_endpoint", base + "/token");
        doc.put("jwks_uri", base + "/jwks");
        doc.put("introspection_endpoint", base + "/introspect"); // RFC 7662 §4, RFC 8414 §2
        doc.put("revocation_endpoint", base + "/revoke"); // RFC 7009 §3, RFC 8414 §2
        doc.put("grant_types_supported", grants.supported().stream().sorted().toList());
        List<String> methods = clientAuthentication.methods().stream().map(TokenEndpointAuthMethod::wireName).toList();
        List<String> algorithms = clientAuthentication.assertionSigningAlgorithms();
        // The three endpoints authenticate clients the same way.
        for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
            doc.put(endpoint + "_auth_methods_supported", methods);
            doc.put(endpoint + "_auth_signing_alg_values_supported", algorithms);
        }
        doc.put("response_types_supported", List.of());
        // RFC 8414 §2: the scope values of the environment's resources (a name may occur in several).
        doc.put("scopes_supported", scopes.listByEnvironment(environmentId).stream().map(s -> s.name).distinct().sorted().toList());
        doc.put("access_token_signing_alg_values_supported", List.of("RS256", "RS384", "RS512", "ES256", "ES384"));
        // OpenID Connect Discovery 1.0 §3 (REQUIRED): every token's sub is the same for every reader.
        doc.put("subject_types_supported", List.of("public"));
        return doc;
    }

    /**
     * The OpenID Connect Discovery 1.0 §3 document: the same metadata plus the members that
     * specification requires of every provider. No ID token is issued here; RS256 is named because
     * §3 requires it in {@code id_token_signing_alg_values_supported}.
     */
    public Map<String, Object> openIdConfiguration(UUID environmentId) {
        Map<String, Object> doc = of(environmentId);
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return doc;
    }
}
