package io.portcullis.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.portcullis.environment.Organization;
import io.portcullis.support.Admin;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Portcullis serving TLS itself through the Quarkus TLS registry, as docs/operations.md describes for
 * PingOne's SDK (https only): a certificate made by keytool for localhost, a public URL in https, and
 * a token and a management call over https with that certificate trusted, and refused without it.
 */
@QuarkusTest
@TestProfile(TlsTest.Tls.class)
class TlsTest {

    static final String PASSWORD = "tls-test";
    static final Path KEY_STORE = newKeyStore();

    /** The TLS registry's default key store, an https port, and an https public URL. */
    public static class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.tls.key-store.p12.path", KEY_STORE.toString(),
                    "quarkus.tls.key-store.p12.password", PASSWORD,
                    "quarkus.http.test-ssl-port", "0",
                    "portcullis.public-url", "https://localhost");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void tokenAndManagementCallOverHttps() {
        assertThat(https.getProtocol()).isEqualTo("https");
        String token = trusted().auth().preemptive().basic(Admin.clientId(), Admin.secret())
                .contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials")
                .post("/" + Admin.environmentId() + "/as/token")
                .then().statusCode(200).body("token_type", equalTo("Bearer")).extract().path("access_token");

        trusted().header("Authorization", "Bearer " + token).get("/v1/organizations/" + Organization.ID + "/licenses")
                .then().statusCode(200)
                .body("_embedded.licenses[0].id", equalTo(Organization.LICENSE_ID.toString()))
                .body("_links.self.href", startsWith("https://localhost/v1/"));
        trusted().get("/" + Admin.environmentId() + "/as/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo("https://localhost/" + Admin.environmentId() + "/as"))
                .body("token_endpoint", startsWith("https://"));
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        assertThatThrownBy(() -> given().baseUri("https://localhost").port(https.getPort())
                .get("/" + Admin.environmentId() + "/as/jwks")).isInstanceOf(SSLHandshakeException.class);
        trusted().get("/" + Admin.environmentId() + "/as/jwks").then().statusCode(200);
    }

    private RequestSpecification trusted() {
        return given().baseUri("https://localhost").port(https.getPort()).trustStore(KEY_STORE.toFile(), PASSWORD);
    }

    /**
     * A PKCS#12 key store with a self-signed certificate for localhost and 127.0.0.1, made by keytool;
     * one per test JVM, since this class is loaded both by the test runner and by the application.
     */
    private static synchronized Path newKeyStore() {
        try {
            Path store = Path.of("target", "tls-test-" + ProcessHandle.current().pid() + ".p12").toAbsolutePath();
            if (Files.exists(store)) {
                return store;
            }
            Files.createDirectories(store.getParent());
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "portcullis", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
