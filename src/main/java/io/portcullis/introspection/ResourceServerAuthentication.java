package io.portcullis.introspection;

import io.portcullis.clientauth.BasicCredentials;
import io.portcullis.clientauth.ClientLockout;
import io.portcullis.clientauth.PresentedClient;
import io.portcullis.crypto.SecretDigest;
import io.portcullis.directory.Directory;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Authenticates a resource server at the introspection endpoint with the resource's own id and
 * secret, by the resource's {@code introspectEndpointAuthMethod} (PingOne): CLIENT_SECRET_BASIC
 * (RFC 6749 §2.3.1 Basic), CLIENT_SECRET_POST ({@code client_id} and {@code client_secret} in the
 * form) or NONE ({@code client_id} alone). A request whose client id names no resource of the
 * environment is left to application authentication. Failures are {@code invalid_client} like an
 * application's, counted by the same brute-force protection.
 */
@Singleton
public class ResourceServerAuthentication {

    private static final Logger AUDIT = Logger.getLogger("io.portcullis.audit.client-authentication");
    /** Compared against when the resource has no secret, so that the work does not depend on it. */
    private static final byte[] NO_DIGEST = new byte[32];

    private final Directory directory;
    private final SecretDigest digest;
    private final ClientLockout lockout;

    public ResourceServerAuthentication(Directory directory, SecretDigest digest, ClientLockout lockout) {
        this.directory = directory;
        this.digest = digest;
        this.lockout = lockout;
    }

    /** The credentials as presented, with the method they use. */
    private record Presented(PresentedClient client, String method) {}

    /**
     * The authenticated resource when the request's client id is a resource's id; empty when it is
     * not (an application's request, or credentials in a shape only applications use).
     */
    public Optional<ResourceView> authenticate(OAuthRequest request) {
        Presented presented = presented(request);
        UUID resourceId = presented == null ? null : OAuthRequest.environmentIdOrNull(presented.client().clientId());
        if (resourceId == null || request.environmentId() == null) {
            return Optional.empty();
        }
        Optional<ResourceView> resource = directory.environment(request.environmentId()).flatMap(e -> e.resource(resourceId));
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        lockout.refuseIfLocked(request.environmentId(), resourceId);
        String failure = failure(resource.get(), presented);
        if (failure != null) {
            AUDIT.infof("client authentication failed: environment=%s resource=%s reason=%s",
                    request.environmentId(), resourceId, failure);
            lockout.failed(request.environmentId(), resourceId);
            throw OAuthError.invalidClient("CLIENT_SECRET_BASIC".equals(presented.method()) ? request.realm() : null);
        }
        return resource;
    }

    private String failure(ResourceView resource, Presented presented) {
        String secret = presented.client().secret();
        // The digest is computed and compared whatever the method, so timing does not tell them apart.
        byte[] stored = resource.secretDigest() != null ? resource.secretDigest() : NO_DIGEST;
        boolean secretMatches = SecretDigest.matches(digest.of(secret == null ? "" : secret), stored)
                && resource.secretDigest() != null;
        if (!presented.method().equals(resource.introspectAuthMethod())) {
            return "method " + presented.method() + " not the resource's " + resource.introspectAuthMethod();
        }
        if (!"NONE".equals(presented.method()) && !secretMatches) {
            return "credentials did not verify";
        }
        return null;
    }

    private static Presented presented(OAuthRequest request) {
        if (request.has("client_assertion")) {
            return null; // RFC 7523 assertions are for applications
        }
        if (request.authorization() != null) {
            if (request.has("client_id") || request.has("client_secret")) {
                return null; // RFC 6749 §2.3: one method only; application authentication refuses it
            }
            return BasicCredentials.parse(request.authorization())
                    .map(client -> new Presented(client, "CLIENT_SECRET_BASIC")).orElse(null);
        }
        if (!request.has("client_id")) {
            return null;
        }
        PresentedClient client = new PresentedClient(request.param("client_id"), request.param("client_secret"));
        return new Presented(client, request.has("client_secret") ? "CLIENT_SECRET_POST" : "NONE");
    }
}
