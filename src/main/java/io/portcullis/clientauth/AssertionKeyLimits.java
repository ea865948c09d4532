package io.portcullis.clientauth;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * What a public key in a client's JWKS must be, inline or fetched: an RSA or EC signing key without
 * private parameters; RSA with a modulus of 2048 to 8192 bits and an odd public exponent from 3 to
 * 2^32 (65537 in practice), so that a key cannot make each verification arbitrarily expensive.
 */
public final class AssertionKeyLimits {

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;
    private static final BigInteger MAX_EXPONENT = BigInteger.ONE.shiftLeft(32);

    private AssertionKeyLimits() {}

    /** Why the key may not verify client assertions, or empty when it may. */
    public static Optional<String> refusal(JsonWebKey key) {
        if (!(key instanceof RsaJsonWebKey) && !(key instanceof EllipticCurveJsonWebKey)) {
            return Optional.of("keys must be RSA or EC public keys");
        }
        if (((PublicJsonWebKey) key).getPrivateKey() != null) {
            // A private key has no business on the server: refuse it rather than store it.
            return Optional.of("must hold public keys only (a key has private parameters)");
        }
        if (key.getUse() != null && !"sig".equals(key.getUse())) {
            return Optional.of("keys must be signing keys (use \"sig\")");
        }
        if (key instanceof RsaJsonWebKey rsa) {
            RSAPublicKey publicKey = (RSAPublicKey) rsa.getPublicKey();
            int bits = publicKey.getModulus().bitLength();
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                return Optional.of("RSA keys must be " + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits");
            }
            BigInteger e = publicKey.getPublicExponent();
            if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(MAX_EXPONENT) > 0) {
                return Optional.of("RSA keys must have an odd public exponent from 3 to 2^32 (65537)");
            }
        }
        return Optional.empty();
    }
}
