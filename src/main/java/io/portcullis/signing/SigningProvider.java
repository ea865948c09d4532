package io.portcullis.signing;

import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The JCA provider that signs access tokens: the Amazon Corretto Crypto Provider (AWS-LC, native
 * code, RSA and ECDSA at OpenSSL speed) when its native library loads on this platform, otherwise
 * the JDK's own providers. Either way tokens are the same standard JWS; only the speed differs.
 */
@Singleton
public class SigningProvider {

    private static final Logger LOG = Logger.getLogger(SigningProvider.class);

    /** What the JDK's lookup by algorithm name gives: SunRsaSign for RSA, SunEC for ECDSA. */
    static final String JDK_DESCRIPTION = "the JDK's providers";

    private final Provider provider;

    /**
     * Corretto unless {@code portcullis.signing.native-provider=false}, when it loads and passes its
     * self-tests; never in a native executable, which is built without it ({@link CorrettoSigning}).
     */
    @Inject
    public SigningProvider(PortcullisConfig config, Instance<CorrettoSigning> corretto) {
        this(!config.signing().nativeProvider() ? disabled()
                : corretto.isResolvable() ? select(() -> corretto.get().load()) : builtWithout());
    }

    /** For wiring by hand on the JVM (bench/jmh): as above, without CDI. */
    public SigningProvider(PortcullisConfig config) {
        this(config.signing().nativeProvider() ? select(CorrettoSigning::loadProvider) : disabled());
    }

    /** @param provider the native provider, or null for the JDK's providers */
    SigningProvider(Provider provider) {
        this.provider = provider;
    }

    /** The native candidate if it can be had, else null (the JDK's providers) with a log line saying why. */
    static Provider select(Supplier<Provider> nativeCandidate) {
        try {
            Provider candidate = nativeCandidate.get();
            LOG.infof("Signing provider: %s %s (native)", candidate.getName(), candidate.getVersionStr());
            return candidate;
        } catch (LinkageError e) {
            // The class or its JNI library is missing: another OS or CPU, or a native image.
            LOG.infof("Signing provider: %s (native provider not available: %s)", JDK_DESCRIPTION, e.toString());
        } catch (RuntimeException e) {
            // It loaded but failed its self-tests or its key checks.
            LOG.infof("Signing provider: %s (native provider did not load: %s)", JDK_DESCRIPTION, e.toString());
        }
        return null;
    }

    private static Provider disabled() {
        LOG.infof("Signing provider: %s (native provider disabled by portcullis.signing.native-provider)", JDK_DESCRIPTION);
        return null;
    }

    private static Provider builtWithout() {
        LOG.infof("Signing provider: %s (this native executable is built without the native provider)", JDK_DESCRIPTION);
        return null;
    }

    /** The native provider in use, or empty when the JDK's providers sign. */
    public Optional<Provider> nativeProvider() {
        return Optional.ofNullable(provider);
    }

    /** A new Signature for the algorithm, from the chosen provider when it has it. */
    public Signature signature(SignatureAlgorithm algorithm) throws NoSuchAlgorithmException {
        if (provider != null && provider.getService("Signature", algorithm.jcaName()) != null) {
            return Signature.getInstance(algorithm.jcaName(), provider);
        }
        return Signature.getInstance(algorithm.jcaName());
    }

    /** A KeyFactory whose keys the chosen provider signs with directly, without converting them per use. */
    public KeyFactory keyFactory(String keyAlgorithm) throws NoSuchAlgorithmException {
        if (provider != null && provider.getService("KeyFactory", keyAlgorithm) != null) {
            return KeyFactory.getInstance(keyAlgorithm, provider);
        }
        return KeyFactory.getInstance(keyAlgorithm);
    }
}
