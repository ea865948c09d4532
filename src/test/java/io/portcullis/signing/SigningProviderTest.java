package io.portcullis.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import org.junit.jupiter.api.Test;

/** Which provider signs: the native one when it loads, the JDK's otherwise; the signatures are standard either way. */
class SigningProviderTest {

    private static final byte[] INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aMissingNativeLibraryFallsBackToTheJdk() throws Exception {
        Provider chosen = SigningProvider.select(() -> {
            throw new UnsatisfiedLinkError("no libamazonCorrettoCryptoProvider in java.library.path");
        });

        assertThat(chosen).isNull();
        SigningProvider provider = new SigningProvider((Provider) null);
        assertThat(provider.nativeProvider()).isEmpty();
        assertThat(provider.signature(SignatureAlgorithm.SHA256withRSA).getProvider().getName()).isEqualTo("SunRsaSign");
        assertThat(provider.signature(SignatureAlgorithm.SHA256withECDSA).getProvider().getName()).isEqualTo("SunEC");
    }

    @Test
    void aProviderThatFailsItsSelfTestsFallsBackToTheJdk() {
        assertThat(SigningProvider.select(() -> {
            throw new IllegalStateException("self-test failed");
        })).isNull();
    }

    @Test
    void aLoadedNativeProviderIsChosen() {
        Provider fake = new Provider("FakeNative", "1.0", "test double") {};

        assertThat(SigningProvider.select(() -> fake)).isSameAs(fake);
    }

    @Test
    void algorithmsTheNativeProviderLacksComeFromTheJdk() throws Exception {
        SigningProvider provider = new SigningProvider(new Provider("Empty", "1.0", "no services") {});

        assertThat(provider.signature(SignatureAlgorithm.SHA256withRSA).getProvider().getName()).isEqualTo("SunRsaSign");
        assertThat(provider.keyFactory("EC").getProvider().getName()).isEqualTo("SunEC");
    }

    /** On Linux x86-64 (the platform of the shipped native library) Corretto loads; its signatures verify with the JDK's code. */
    @Test
    void correttoSignaturesVerifyWithTheJdk() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the build ships Corretto's native library for Linux x86-64 only");
        Provider corretto = SigningProvider.select(CorrettoSigning::loadProvider);
        assertThat(corretto).as("Corretto loads on this platform").isNotNull();
        SigningProvider provider = new SigningProvider(corretto);

        for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
            KeyPair pair = keyPair(algorithm);
            PrivateKey key = provider.keyFactory(algorithm.keyAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded()));
            KeySignatures signatures = new KeySignatures(algorithm, key, provider);
            assertThat(provider.signature(algorithm).getProvider()).isSameAs(corretto);

            for (int i = 0; i < 3; i++) { // the per-thread Signature is reused
                byte[] signature = signatures.sign(INPUT);
                Signature verifier = Signature.getInstance(algorithm.jcaName(), algorithm.keyAlgorithm().equals("RSA") ? "SunRsaSign" : "SunEC");
                verifier.initVerify(pair.getPublic());
                verifier.update(INPUT);
                assertThat(verifier.verify(signature)).as(algorithm + " signature %d", i).isTrue();
            }
        }
    }

    private static KeyPair keyPair(SignatureAlgorithm algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyAlgorithm());
        if (algorithm.keyAlgorithm().equals("EC")) {
            generator.initialize(new ECGenParameterSpec(algorithm == SignatureAlgorithm.SHA384withECDSA ? "secp384r1" : "secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }
}
