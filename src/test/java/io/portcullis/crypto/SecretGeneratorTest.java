package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Client secrets: the wire contract wants at least 64 characters of {@code A-Za-z0-9-._~}. */
class SecretGeneratorTest {

    private final SecretGenerator generator = new SecretGenerator(new SecureRandom());

    @Test
    void alphabetIsExactlyTheRfc3986UnreservedSet() {
        // RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~" — safe unencoded in a form body and in Basic.
        Set<Character> expected = new HashSet<>();
        for (char c = 'A'; c <= 'Z'; c++) expected.add(c);
        for (char c = 'a'; c <= 'z'; c++) expected.add(c);
        for (char c = '0'; c <= '9'; c++) expected.add(c);
        expected.addAll(Set.of('-', '.', '_', '~'));
        Set<Character> actual = new HashSet<>();
        SecretGenerator.ALPHABET.chars().forEach(c -> actual.add((char) c));
        assertThat(actual).isEqualTo(expected);
        assertThat(SecretGenerator.ALPHABET).hasSize(66);
    }

    @Test
    void secretsAre64CharactersOfTheAlphabet() {
        for (int i = 0; i < 200; i++) {
            String secret = generator.newSecret();
            assertThat(secret).hasSize(SecretGenerator.LENGTH).hasSize(64);
            assertThat(secret).matches("[A-Za-z0-9._~-]{64}");
            assertThat(SecretGenerator.isWellFormed(secret)).isTrue();
        }
    }

    @Test
    void secretsDifferAndUseTheWholeAlphabet() {
        Set<String> secrets = new HashSet<>();
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String secret = generator.newSecret();
            secrets.add(secret);
            secret.chars().forEach(c -> seen.add((char) c));
        }
        assertThat(secrets).hasSize(2000);
        // 128,000 draws from 66 symbols: a missing symbol would mean a broken generator, not bad luck.
        assertThat(seen).hasSize(SecretGenerator.ALPHABET.length());
    }

    @Test
    void configuredSecretsMustBeLongEnoughAndUnreserved() {
        String ok = "A".repeat(64);
        assertThat(SecretGenerator.isWellFormed(ok)).isTrue();
        assertThat(SecretGenerator.isWellFormed(ok + "-._~xyz019")).as("longer is fine").isTrue();
        assertThat(SecretGenerator.isWellFormed(null)).isFalse();
        assertThat(SecretGenerator.isWellFormed("")).isFalse();
        assertThat(SecretGenerator.isWellFormed("A".repeat(63))).isFalse();
        for (String bad : new String[] {"+", "/", "=", " ", ":", "%", "é", "\n"}) {
            assertThat(SecretGenerator.isWellFormed("A".repeat(63) + bad)).as("with %s", bad).isFalse();
        }
    }
}
