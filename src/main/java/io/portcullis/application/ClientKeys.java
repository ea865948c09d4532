package io.portcullis.application;

import io.portcullis.admin.ApiError;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Locale;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Validates the client keys of a {@code PRIVATE_KEY_JWT} application (RFC 7523 §2.2): exactly one
 * of an inline JWKS (RFC 7517 §5) of public signing keys, or an https URL serving one.
 */
final class ClientKeys {

    static final int MAX_JWKS_CHARS = 16 * 1024;
    static final int MAX_KEYS = 10;
    static final int MAX_URL_CHARS = 2048;
    static final int MIN_RSA_BITS = 2048;

    private ClientKeys() {}

    /** Checks the pair against the method; returns normally when they fit, else INVALID_DATA naming the field. */
    static void check(TokenEndpointAuthMethod method, String jwks, String jwksUrl) {
        if (method != TokenEndpointAuthMethod.PRIVATE_KEY_JWT) {
            if (jwks != null || jwksUrl != null) {
                throw ApiError.invalidData(jwks != null ? "jwks" : "jwksUrl",
                        "is only used with tokenEndpointAuthMethod PRIVATE_KEY_JWT");
            }
            return;
        }
        if ((jwks == null) == (jwksUrl == null)) {
            throw ApiError.invalidData("jwks", "PRIVATE_KEY_JWT needs exactly one of jwks and jwksUrl");
        }
        if (jwks != null) {
            checkJwks(jwks);
        } else {
            checkUrl(jwksUrl);
        }
    }

    static void checkUrl(String jwksUrl) {
        if (jwksUrl.length() > MAX_URL_CHARS) {
            throw ApiError.invalidData("jwksUrl", "must be at most " + MAX_URL_CHARS + " characters");
        }
        URI uri;
        try {
            uri = new URI(jwksUrl);
        } catch (URISyntaxException e) {
            throw ApiError.invalidData("jwksUrl", "must be an absolute https URL");
        }
        if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw ApiError.invalidData("jwksUrl", "must be an absolute https URL without user info or fragment");
        }
    }

    static void checkJwks(String jwks) {
        if (jwks.length() > MAX_JWKS_CHARS) {
            throw ApiError.invalidData("jwks", "must be at most " + MAX_JWKS_CHARS + " characters");
        }
        List<JsonWebKey> keys;
        try {
            keys = new JsonWebKeySet(jwks).getJsonWebKeys();
        } catch (JoseException | RuntimeException e) {
            throw ApiError.invalidData("jwks", "must be a JSON Web Key Set: {\"keys\": [...]}");
        }
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw ApiError.invalidData("jwks", "must hold 1 to " + MAX_KEYS + " keys");
        }
        for (JsonWebKey key : keys) {
            if (!(key instanceof RsaJsonWebKey) && !(key instanceof EllipticCurveJsonWebKey)) {
                throw ApiError.invalidData("jwks", "keys must be RSA or EC public keys");
            }
            if (((PublicJsonWebKey) key).getPrivateKey() != null) {
                // A private key has no business on the server: refuse it rather than store it.
                throw ApiError.invalidData("jwks", "must hold public keys only (a key has private parameters)");
            }
            if (key.getUse() != null && !"sig".equals(key.getUse())) {
                throw ApiError.invalidData("jwks", "keys must be signing keys (use \"sig\")");
            }
            if (key instanceof RsaJsonWebKey rsa
                    && ((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength() < MIN_RSA_BITS) {
                throw ApiError.invalidData("jwks", "RSA keys must be at least " + MIN_RSA_BITS + " bits");
            }
        }
    }
}
