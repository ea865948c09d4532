package io.portcullis.pingfederate;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.discovery.DiscoveryResource;
import io.portcullis.discovery.ServerMetadata;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * PingFederate's public documents on the server root: {@code /pf/JWKS} (the environment's key set)
 * and {@code /.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §4, issuer = the public
 * URL, endpoints at PingFederate's paths).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PingFederateDiscovery {

    private final PingFederateEnvironment environment;
    private final DiscoveryResource discovery;
    private final ServerMetadata metadata;
    private final PortcullisConfig config;

    public PingFederateDiscovery(PingFederateEnvironment environment, DiscoveryResource discovery,
            ServerMetadata metadata, PortcullisConfig config) {
        this.environment = environment;
        this.discovery = discovery;
        this.metadata = metadata;
        this.config = config;
    }

    @GET
    @Path("pf/JWKS")
    public Response jwks() {
        return discovery.jwks(environment.id().toString());
    }

    @GET
    @Path(".well-known/openid-configuration")
    public Response openIdConfiguration() {
        UUID id = environment.id();
        String base = config.baseUrl();
        Map<String, Object> doc = new LinkedHashMap<>(metadata.of(id));
        doc.put("token_endpoint", base + "/as/token.oauth2");
        doc.put("jwks_uri", base + "/pf/JWKS");
        doc.put("introspection_endpoint", base + "/as/introspect.oauth2");
        doc.put("revocation_endpoint", base + "/as/revoke_token.oauth2");
        return Response.ok(doc).header("Cache-Control", "public, max-age=300").build();
    }
}
