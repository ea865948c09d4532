package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.application.ApplicationSecret;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.signing.KeyRing;
import io.portcullis.signing.SigningKey;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The wire contract: the database never holds a client secret or a private key in the clear. Reads the
 * rows as PostgreSQL holds them and looks for the plaintext in every form it could take.
 */
@QuarkusTest
class EncryptionAtRestTest {

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager entityManager;

    @Inject
    MasterKey masterKey;

    @Inject
    SecretDigest digest;

    @Inject
    KeyRing keyRing;

    @Inject
    PortcullisConfig config;

    @Test
    void clientSecretsAreSealedAndDigestedNeverStored() {
        Environment env = fixtures.environment();
        CreatedApp app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        byte[] secret = app.secret().getBytes(StandardCharsets.UTF_8);

        Object[] row = (Object[]) single("select id, ciphertext, digest from application_secrets where application_id = ?1", app.app().id);
        UUID id = (UUID) row[0];
        byte[] ciphertext = (byte[]) row[1];
        byte[] storedDigest = (byte[]) row[2];

        assertThat(MasterKeyTest.indexOf(ciphertext, secret)).isEqualTo(-1);
        assertThat(MasterKeyTest.indexOf(storedDigest, secret)).isEqualTo(-1);
        assertThat(storedDigest).isEqualTo(digest.of(app.secret())).hasSize(32);
        // The column holds this secret, sealed for this row only.
        assertThat(masterKey.open(ciphertext, ApplicationSecret.sealingContext(id))).isEqualTo(secret);
        assertThatThrownBy(() -> masterKey.open(ciphertext, ApplicationSecret.sealingContext(UUID.randomUUID())))
                .isInstanceOf(MasterKey.WrongMasterKeyException.class);

        assertNowhereInTheDatabase(secret, "the client secret");
    }

    @Test
    void bootstrapSecretFromConfigurationIsNotStoredEither() {
        assertNowhereInTheDatabase(config.bootstrap().clientSecret().orElseThrow().getBytes(StandardCharsets.UTF_8),
                "the bootstrap client secret");
    }

    @Test
    void privateSigningKeysAreSealed() {
        Environment env = fixtures.environment();
        var signer = keyRing.keysOf(env.id).signer().orElseThrow();
        byte[] pkcs8 = signer.privateKey().getEncoded();
        assertThat(signer.privateKey().getFormat()).isEqualTo("PKCS#8");

        Object[] row = (Object[]) single("select id, private_key_ciphertext, public_key from signing_keys where id = ?1", signer.id());
        UUID id = (UUID) row[0];
        byte[] ciphertext = (byte[]) row[1];
        assertThat(id).isEqualTo(signer.id());
        assertThat(MasterKeyTest.indexOf(ciphertext, pkcs8)).isEqualTo(-1);
        // Not even a 32-byte stretch of the key's encoding (its private exponent sits inside it).
        for (int from = 0; from + 32 <= pkcs8.length; from += 16) {
            byte[] piece = Arrays.copyOfRange(pkcs8, from, from + 32);
            assertThat(MasterKeyTest.indexOf(ciphertext, piece)).as("PKCS#8 bytes %d..%d", from, from + 32).isEqualTo(-1);
        }
        assertThat((byte[]) row[2]).isEqualTo(signer.publicKey().getEncoded());
        assertThat(masterKey.open(ciphertext, SigningKey.sealingContext(id))).isEqualTo(pkcs8);
        assertThatThrownBy(() -> masterKey.open(ciphertext, SigningKey.sealingContext(UUID.randomUUID())))
                .isInstanceOf(MasterKey.WrongMasterKeyException.class);

        assertNowhereInTheDatabase(pkcs8, "the PKCS#8 private key");
        // The scan does see bytea columns: the public key, stored in the clear, is found.
        assertThat(databaseDump()).contains(HexFormat.of().formatHex(signer.publicKey().getEncoded()));
    }

    /** Every row of every table, as text (bytea shows as hex): neither the bytes nor their usual encodings. */
    private void assertNowhereInTheDatabase(byte[] plaintext, String what) {
        String dump = databaseDump();
        for (String form : List.of(
                new String(plaintext, StandardCharsets.ISO_8859_1),
                HexFormat.of().formatHex(plaintext),
                Base64.getEncoder().encodeToString(plaintext),
                Base64.getUrlEncoder().withoutPadding().encodeToString(plaintext))) {
            assertThat(dump.contains(form)).as("%s in the database", what).isFalse();
        }
    }

    private String databaseDump() {
        List<String> tables = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
                String.class).getResultList().stream().map(String::valueOf).toList());
        assertThat(tables).contains("application_secrets", "signing_keys", "applications", "master_key_check");
        StringBuilder dump = new StringBuilder();
        for (String table : tables) {
            dump.append(QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                    "select coalesce(string_agg(t::text, E'\\n'), '') from \"" + table + "\" t", String.class).getSingleResult()));
        }
        return dump.toString();
    }

    private Object single(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult());
    }
}
