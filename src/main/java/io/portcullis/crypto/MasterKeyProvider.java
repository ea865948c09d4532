package io.portcullis.crypto;

import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Produces the {@link MasterKey} from {@code portcullis.master-key}. Production refuses to start
 * without one; dev mode keeps a generated key in {@code .portcullis/dev-master-key} so that its
 * database stays readable across restarts; tests generate a fresh key per run.
 */
@Singleton
public class MasterKeyProvider {

    private static final Logger LOG = Logger.getLogger(MasterKeyProvider.class);
    static final Path DEV_KEY_FILE = Path.of(".portcullis", "dev-master-key");

    @Produces
    @Singleton
    MasterKey masterKey(PortcullisConfig config, SecureRandom random) {
        return new MasterKey(keyBytes(config, random), random);
    }

    private static byte[] keyBytes(PortcullisConfig config, SecureRandom random) {
        if (config.masterKey().isPresent()) {
            try {
                return Base64.getDecoder().decode(config.masterKey().get().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("PORTCULLIS_MASTER_KEY is not valid base64");
            }
        }
        return switch (LaunchMode.current()) {
            case TEST -> randomKey(random);
            case DEVELOPMENT -> devKey(random);
            default -> throw new IllegalStateException(
                    "PORTCULLIS_MASTER_KEY is not set: give 32 random bytes, base64-encoded "
                            + "(for example: openssl rand -base64 32)");
        };
    }

    private static byte[] devKey(SecureRandom random) {
        try {
            if (Files.exists(DEV_KEY_FILE)) {
                return Base64.getDecoder().decode(Files.readString(DEV_KEY_FILE).trim());
            }
            byte[] key = randomKey(random);
            Files.createDirectories(DEV_KEY_FILE.getParent());
            Files.writeString(DEV_KEY_FILE, Base64.getEncoder().encodeToString(key), StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(DEV_KEY_FILE, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the file stays with default permissions
            }
            LOG.warnf("Development master key generated in %s (never use it in production)", DEV_KEY_FILE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the development master key in " + DEV_KEY_FILE, e);
        }
    }

    private static byte[] randomKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }
}
