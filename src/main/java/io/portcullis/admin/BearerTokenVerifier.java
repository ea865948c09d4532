package io.portcullis.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.Directory;
import io.portcullis.signing.ActiveKey;
import io.portcullis.signing.KeyRing;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies a management API bearer token with SmallRye JWT against this service's own keys:
 * the key named by {@code kid} in the issuing environment, its issuer, the management audience
 * ({@code {base}/v1}) and expiry.
 */
@Singleton
public class BearerTokenVerifier {

    private static final Logger LOG = Logger.getLogger(BearerTokenVerifier.class);
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final Directory directory;
    private final KeyRing keyRing;
    private final PortcullisConfig config;
    private final ObjectMapper json;
    private final JWTParser parser = new DefaultJWTParser();

    public BearerTokenVerifier(Directory directory, KeyRing keyRing, PortcullisConfig config, ObjectMapper json) {
        this.directory = directory;
        this.keyRing = keyRing;
        this.config = config;
        this.json = json;
    }

    /** The verified token's client and environment, or empty when it is not a valid management token. */
    public Optional<VerifiedToken> verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String token = authorization.substring(7).strip();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            UUID environmentId = UUID.fromString(payload.path("env").asText(""));
            String kid = header.path("kid").asText("");
            if (!directory.exists(environmentId)) {
                return Optional.empty();
            }
            Optional<ActiveKey> key = keyRing.keysOf(environmentId).published().stream()
                    .filter(k -> k.kid().equals(kid)).findFirst();
            if (key.isEmpty()) {
                return Optional.empty();
            }
            JWTAuthContextInfo context = new JWTAuthContextInfo(key.get().publicKey(), config.issuer(environmentId));
            context.setExpectedAudience(Set.of(config.managementAudience()));
            context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.fromAlgorithm(key.get().algorithm().jwsAlgorithm())));
            context.setRequireNamedPrincipal(false);
            context.setRequiredClaims(Set.of("exp", "iat", "client_id", "jti"));
            JsonWebToken verified = parser.parse(token, context);
            UUID clientId = UUID.fromString(verified.getClaim("client_id").toString());
            return Optional.of(new VerifiedToken(clientId, environmentId, verified.getTokenID(),
                    Instant.ofEpochSecond(verified.getIssuedAtTime())));
        } catch (ParseException e) {
            LOG.debugf("management token refused (%s)", e.getClass().getSimpleName());
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // not base64url, not JSON, or ids that are not UUIDs
        }
    }

    /** Who a verified token speaks for, and what identifies it for revocation. */
    public record VerifiedToken(UUID clientId, UUID environmentId, String jti, Instant issuedAt) {}
}
