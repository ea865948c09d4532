package io.portcullis.signing;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * Signs with one private key through one initialised {@link Signature} per thread, so that issuing
 * a token neither looks up a provider nor initialises a signature. JCA: {@code sign()} returns the
 * object to the state {@code initSign} left it in, ready for the next token.
 */
public final class KeySignatures {

    private final SignatureAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final SigningProvider provider;
    // Owned by this key: when the key leaves the KeyRing, the per-thread instances go with it.
    private final ThreadLocal<Signature> perThread = new ThreadLocal<>();

    public KeySignatures(SignatureAlgorithm algorithm, PrivateKey privateKey, SigningProvider provider) {
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.provider = provider;
    }

    /** The signature of {@code input}: PKCS#1 v1.5 for RSA, R || S for ECDSA (RFC 7518 §3.3, §3.4). */
    public byte[] sign(byte[] input) throws GeneralSecurityException {
        Signature signature = perThread.get();
        if (signature == null) {
            signature = provider.signature(algorithm);
            signature.initSign(privateKey);
            perThread.set(signature);
        }
        try {
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            perThread.remove(); // its state is unknown after a failure: start afresh next time
            throw e;
        }
    }
}
