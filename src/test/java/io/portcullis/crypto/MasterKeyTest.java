package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** AES-256-GCM at rest: what opens, and everything that must not. */
class MasterKeyTest {

    private final SecureRandom random = new SecureRandom();
    private final MasterKey key = new MasterKey(randomKey(), random);
    private final byte[] plaintext = "a client secret of sixty-four characters, more or less, for show".getBytes(StandardCharsets.UTF_8);

    @Test
    void opensWhatItSealed() {
        byte[] sealed = key.seal(plaintext, "application_secret:1");
        assertThat(key.open(sealed, "application_secret:1")).isEqualTo(plaintext);
    }

    @Test
    void sealedFormIsVersionNonceCiphertextTag() {
        byte[] sealed = key.seal(plaintext, "row");
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(sealed).hasSize(1 + 12 + plaintext.length + 16);
        assertThat(indexOf(sealed, Arrays.copyOf(plaintext, 8))).as("plaintext must not show").isEqualTo(-1);
    }

    @Test
    void everySealUsesAFreshNonce() {
        byte[] first = key.seal(plaintext, "row");
        byte[] second = key.seal(plaintext, "row");
        assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void anotherMasterKeyCannotOpen() {
        byte[] sealed = key.seal(plaintext, "master_key_check");
        MasterKey other = new MasterKey(randomKey(), random);
        assertThatThrownBy(() -> other.open(sealed, "master_key_check")).isInstanceOf(MasterKey.WrongMasterKeyException.class);
    }

    @Test
    void ciphertextIsBoundToItsRow() {
        // A ciphertext copied into another row's column must not open there.
        UUID row = UUID.randomUUID();
        byte[] sealed = key.seal(plaintext, "application_secret:" + row);
        assertThatThrownBy(() -> key.open(sealed, "application_secret:" + UUID.randomUUID()))
                .isInstanceOf(MasterKey.WrongMasterKeyException.class);
        assertThatThrownBy(() -> key.open(sealed, "signing_key:" + row)).isInstanceOf(MasterKey.WrongMasterKeyException.class);
    }

    @Test
    void anyAlteredByteIsDetected() {
        byte[] sealed = key.seal(plaintext, "row");
        for (int i = 1; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> key.open(altered, "row")).as("byte %d", i).isInstanceOf(MasterKey.WrongMasterKeyException.class);
        }
    }

    @Test
    void truncatedOrUnknownFormatIsRefused() {
        byte[] sealed = key.seal(plaintext, "row");
        byte[] otherVersion = sealed.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> key.open(otherVersion, "row")).isInstanceOf(MasterKey.WrongMasterKeyException.class);
        assertThatThrownBy(() -> key.open(Arrays.copyOf(sealed, 28), "row")).isInstanceOf(MasterKey.WrongMasterKeyException.class);
        assertThatThrownBy(() -> key.open(new byte[0], "row")).isInstanceOf(MasterKey.WrongMasterKeyException.class);
    }

    @Test
    void keyMustBe32Bytes() {
        assertThatThrownBy(() -> new MasterKey(new byte[16], random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MasterKey(new byte[33], random)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void digestKeyIsDerivedAndDiffersFromTheMasterKey() {
        byte[] master = randomKey();
        MasterKey a = new MasterKey(master, random);
        MasterKey b = new MasterKey(master.clone(), random);
        assertThat(a.digestKey()).hasSize(32).isEqualTo(b.digestKey()).isNotEqualTo(master);
        assertThat(new MasterKey(randomKey(), random).digestKey()).isNotEqualTo(a.digestKey());
    }

    @Test
    void secretDigestsDependOnTheMasterKey() {
        SecretDigest one = new SecretDigest(key);
        SecretDigest same = new SecretDigest(key);
        SecretDigest other = new SecretDigest(new MasterKey(randomKey(), random));
        assertThat(one.of("secret")).hasSize(32).isEqualTo(same.of("secret"));
        assertThat(one.of("secret")).isNotEqualTo(other.of("secret")).isNotEqualTo(one.of("secreT"));
        assertThat(SecretDigest.matches(one.of("secret"), same.of("secret"))).isTrue();
        assertThat(SecretDigest.matches(one.of("secret"), one.of("secret2"))).isFalse();
    }

    private byte[] randomKey() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
