package io.portcullis.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets and private keys at rest with AES-256-GCM under the master key, and derives
 * the separate HMAC key used for secret digests.
 *
 * <p>Sealed format: {@code 0x01 || 12-byte nonce || ciphertext || 16-byte tag}. The associated
 * data binds each ciphertext to the row it belongs to, so a ciphertext copied to another row
 * does not decrypt.
 */
public final class MasterKey {

    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey encryptionKey;
    private final byte[] digestKey;
    private final SecureRandom random;

    public MasterKey(byte[] keyBytes, SecureRandom random) {
        if (keyBytes.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (AES-256), got " + keyBytes.length);
        }
        this.random = random;
        // Separate keys for separate purposes, derived as HMAC(master, label) (HKDF-Expand, one block).
        this.encryptionKey = new SecretKeySpec(derive(keyBytes, "portcullis/at-rest-encryption/v1"), "AES");
        this.digestKey = derive(keyBytes, "portcullis/secret-digest/v1");
    }

    public byte[] seal(byte[] plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] body = cipher.doFinal(plaintext);
            byte[] out = new byte[1 + NONCE_BYTES + body.length];
            out[0] = FORMAT_V1;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            System.arraycopy(body, 0, out, 1 + NONCE_BYTES, body.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws WrongMasterKeyException when the ciphertext was not sealed by this key for this data */
    public byte[] open(byte[] sealed, String associatedData) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT_V1) {
            throw new WrongMasterKeyException("unknown ciphertext format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey,
                    new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new WrongMasterKeyException("ciphertext does not authenticate under the master key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    byte[] digestKey() {
        return digestKey.clone();
    }

    private static byte[] derive(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(label.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(new byte[] {1}), 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** The data was encrypted under another master key, or was altered. */
    public static final class WrongMasterKeyException extends RuntimeException {
        public WrongMasterKeyException(String message) {
            super(message);
        }
    }
}
