package io.portcullis.discovery;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.Directory;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.signing.KeyRing;
import io.portcullis.signing.KeyRotation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** The public key set and the discovery documents of each environment's authorization server. */
@Path("/{envID}/as")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    private final Directory directory;
    private final KeyRing keyRing;
    private final PortcullisConfig config;
    private final ServerMetadata metadata;

    public DiscoveryResource(Directory directory, KeyRing keyRing, PortcullisConfig config, ServerMetadata metadata) {
        this.directory = directory;
        this.keyRing = keyRing;
        this.config = config;
        this.metadata = metadata;
    }

    /**
     * RFC 7517 §5: every unexpired key, so tokens signed before a key change still verify. Cached
     * for as long as a new key is published before it signs (docs/keys.md): a resource server that
     * honours max-age has the next key before any token carries it.
     */
    @GET
    @Path("/jwks")
    public Response jwks(@PathParam("envID") String environmentId) {
        UUID id = existing(environmentId);
        return Response.ok(keyRing.keysOf(id).jwks())
                .header("Cache-Control", "public, max-age=" + KeyRotation.JWKS_MAX_AGE.toSeconds()).build();
    }

    /** RFC 8414 §3. */
    @GET
    @Path("/.well-known/oauth-authorization-server")
    public Response authorizationServer(@PathParam("envID") String environmentId) {
        return Response.ok(metadata.of(existing(environmentId))).header("Cache-Control", "public, max-age=300").build();
    }

    /** OpenID Connect Discovery 1.0 §4: the same metadata under the OpenID name, with §3's required members. */
    @GET
    @Path("/.well-known/openid-configuration")
    public Response openIdConfiguration(@PathParam("envID") String environmentId) {
        return Response.ok(metadata.openIdConfiguration(existing(environmentId))).header("Cache-Control", "public, max-age=300").build();
    }

    private UUID existing(String raw) {
        UUID id = OAuthRequest.environmentIdOrNull(raw);
        if (id == null || !directory.exists(id)) {
            throw new NotFoundException();
        }
        return id;
    }
}
