package io.portcullis.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

/** Produces compact JWS (RFC 7515 §7.1) access tokens from claims, with an environment's default key. */
@Singleton
public class AccessTokenSigner {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final ObjectWriter json;

    public AccessTokenSigner(ObjectMapper json) {
        this.json = json.writer();
    }

    public String sign(ActiveKey key, Map<String, Object> claims) {
        // RFC 7515 §5.1: the signing input is ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).
        String signingInput = key.encodedHeader() + "." + encodedPayload(claims);
        try {
            byte[] signature = key.signatures().sign(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an access token with key " + key.kid(), e);
        }
    }

    /** BASE64URL of the claims as JSON (RFC 7519 §7.1). */
    public String encodedPayload(Map<String, Object> claims) {
        try {
            return B64URL.encodeToString(json.writeValueAsBytes(claims));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write access token claims", e);
        }
    }
}
