package io.portcullis.signing;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.quarkus.arc.properties.UnlessBuildProperty;
import jakarta.inject.Singleton;
import java.security.Provider;

/**
 * Loads the Amazon Corretto Crypto Provider (AWS-LC through JNI). Left out of native executables
 * (build property {@code quarkus.native.enabled}): its JNI library is unpacked from its jar and
 * its cleanup thread starts when its classes initialise, neither of which fits a native image, so
 * there nothing reaches its classes and the JDK's providers compiled into the executable sign.
 */
@Singleton
@UnlessBuildProperty(name = "quarkus.native.enabled", stringValue = "true", enableIfMissing = true)
public class CorrettoSigning {

    /**
     * The provider once its self-tests pass.
     *
     * @throws LinkageError when the class or its JNI library is missing (another OS or CPU)
     * @throws RuntimeException when it loaded but failed its self-tests
     */
    public Provider load() {
        return loadProvider();
    }

    static Provider loadProvider() {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        if (accp.getLoadingError() != null) {
            throw new IllegalStateException(accp.getLoadingError().toString(), accp.getLoadingError());
        }
        accp.assertHealthy(); // runs the provider's self-tests once
        return accp;
    }
}
