package io.portcullis.crypto;

import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import javax.sql.DataSource;

/**
 * Produces the {@link MasterKey} from {@code portcullis.master-key}. Production refuses to start
 * without one; dev mode keeps a generated key in its own database ({@link DevMasterKeys}) so that
 * key and data stay together across restarts and checkouts; tests generate a fresh key per run.
 */
@Singleton
public class MasterKeyProvider {

    @Produces
    @Singleton
    MasterKey masterKey(PortcullisConfig config, SecureRandom random, DataSource dataSource) {
        return new MasterKey(keyBytes(config, random, dataSource), random);
    }

    private static byte[] keyBytes(PortcullisConfig config, SecureRandom random, DataSource dataSource) {
        if (config.masterKey().isPresent()) {
            try {
                return Base64.getDecoder().decode(config.masterKey().get().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("PORTCULLIS_MASTER_KEY is not valid base64");
            }
        }
        return switch (LaunchMode.current()) {
            case TEST -> randomKey(random);
            case DEVELOPMENT -> DevMasterKeys.keyFor(dataSource, random, DevMasterKeys.LEGACY_KEY_FILE);
            default -> throw new IllegalStateException(
                    "PORTCULLIS_MASTER_KEY is not set: give 32 random bytes, base64-encoded "
                            + "(for example: openssl rand -base64 32)");
        };
    }

    private static byte[] randomKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }
}
