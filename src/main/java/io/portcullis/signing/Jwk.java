package io.portcullis.signing;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders public keys as JSON Web Keys (RFC 7517, RFC 7518 §6). */
final class Jwk {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Jwk() {}

    static Map<String, Object> of(ActiveKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (key.publicKey() instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("kid", key.kid());
            jwk.put("use", "sig");
            jwk.put("alg", key.algorithm().jwsAlgorithm());
            jwk.put("n", unsigned(rsa.getModulus(), 0));
            jwk.put("e", unsigned(rsa.getPublicExponent(), 0));
        } else if (key.publicKey() instanceof ECPublicKey ec) {
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            jwk.put("kty", "EC");
            jwk.put("kid", key.kid());
            jwk.put("use", "sig");
            jwk.put("alg", key.algorithm().jwsAlgorithm());
            jwk.put("crv", size == 48 ? "P-384" : "P-256");
            // RFC 7518 §6.2.1.2: coordinates are the full field size, left-padded with zeros.
            jwk.put("x", unsigned(ec.getW().getAffineX(), size));
            jwk.put("y", unsigned(ec.getW().getAffineY(), size));
        } else {
            throw new IllegalArgumentException("unsupported key type " + key.publicKey().getAlgorithm());
        }
        return jwk;
    }

    /** RFC 7518 §2 Base64urlUInt: big-endian, no sign byte, optionally left-padded to a length. */
    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length > bytes.length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return B64URL.encodeToString(bytes);
    }
}
