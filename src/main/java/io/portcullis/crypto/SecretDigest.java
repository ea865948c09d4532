package io.portcullis.crypto;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digest of client secrets: HMAC-SHA256 under a key derived from the master key.
 *
 * <p>Secrets are 64+ random characters, so a fast keyed hash is as strong as a slow password hash
 * and keeps the token endpoint fast; a database dump alone cannot be used to test guesses.
 * Comparison is constant-time ({@link MessageDigest#isEqual}).
 */
@Singleton
public class SecretDigest {

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public SecretDigest(MasterKey masterKey) {
        this.key = new SecretKeySpec(masterKey.digestKey(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public byte[] of(String secret) {
        Mac mac = macs.get();
        return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time: the time taken does not depend on where the digests differ. */
    public static boolean matches(byte[] presentedDigest, byte[] storedDigest) {
        return MessageDigest.isEqual(presentedDigest, storedDigest);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
