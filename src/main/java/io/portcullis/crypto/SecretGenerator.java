package io.portcullis.crypto;

import jakarta.inject.Singleton;
import java.security.SecureRandom;

/** Generates client secrets: 64 characters of the RFC 3986 unreserved set {@code A-Za-z0-9-._~}. */
@Singleton
public class SecretGenerator {

    public static final int LENGTH = 64;
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private final SecureRandom random;

    public SecretGenerator(SecureRandom random) {
        this.random = random;
    }

    public String newSecret() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length())); // uniform: nextInt rejects bias
        }
        return new String(out);
    }

    /** Whether a configured secret is acceptable: long enough and in the unreserved set. */
    public static boolean isWellFormed(String secret) {
        if (secret == null || secret.length() < LENGTH) {
            return false;
        }
        for (int i = 0; i < secret.length(); i++) {
            if (ALPHABET.indexOf(secret.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
