package io.portcullis.clientauth;

import static io.portcullis.support.ClientAssertions.claims;
import static io.portcullis.support.ClientAssertions.form;
import static io.portcullis.support.ClientAssertions.formRequest;
import static io.portcullis.support.ClientAssertions.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Admin;
import io.portcullis.support.ClientAssertions;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PRIVATE_KEY_JWT with keys published at an https {@code jwksUrl}: a real TLS server in the test
 * (a certificate made by keytool for 127.0.0.1, trusted through the JVM's default trust, as an
 * operator's trust store would be), fetched once and then served from the cache.
 */
@QuarkusTest
class JwksUrlTest {

    private static final String STORE_PASSWORD = "jwks-test";

    static HttpsServer server;
    static SSLSocketFactory previousDefault;
    static final AtomicInteger fetches = new AtomicInteger();
    static final AtomicReference<String> published = new AtomicReference<>("{\"keys\":[]}");

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    @Inject
    TestClock clock;

    Environment env;
    CreatedResource orders;
    PublicJsonWebKey key;
    String app;

    @BeforeAll
    static void startTlsServer() throws Exception {
        Path store = Files.createTempDirectory("jwks-tls").resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "jwks", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();

        // The service fetches with the JVM's default TLS trust: make it trust this certificate.
        Certificate certificate = keys.getCertificate("jwks");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("jwks", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
        previousDefault = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(clientContext.getSocketFactory());
    }

    @AfterAll
    static void stopTlsServer() throws IOException {
        HttpsURLConnection.setDefaultSSLSocketFactory(previousDefault);
        server.stop(0);
    }

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        orders = fixtures.resource(env.id, "orders", null, "orders:read");
        key = ClientAssertions.rsaKey("remote-" + UUID.randomUUID());
        published.set(ClientAssertions.publicJwks(key));
        // A URL of its own per test, so that no other test's cached key set is used.
        String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json?t=" + UUID.randomUUID();
        app = Admin.as(Admin.token()).body("""
                {"name": "remote-signer", "enabled": true, "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod": "PRIVATE_KEY_JWT", "jwksUrl": "%s"}
                """.formatted(url))
                .post("/v1/environments/" + env.id + "/applications").then().statusCode(201).extract().path("id");
        fixtures.grant(env.id, UUID.fromString(app), orders, "orders:read");
    }

    @Test
    void keysAtAnHttpsUrlAreFetchedOnceAndCached() {
        int before = fetches.get();
        token(sign(claims(app, tokenEndpoint(), clock), key, "RS256")).then().statusCode(200)
                .body("scope", equalTo("orders:read"));
        assertThat(fetches.get() - before).isEqualTo(1);

        token(sign(claims(app, tokenEndpoint(), clock), key, "RS256")).then().statusCode(200);
        assertThat(fetches.get() - before).as("the second assertion is verified from the cache").isEqualTo(1);
    }

    @Test
    void anAssertionSignedByAKeyThatIsNotPublishedIsRefused() {
        PublicJsonWebKey other = ClientAssertions.rsaKey(key.getKeyId()); // same kid, other key
        token(sign(claims(app, tokenEndpoint(), clock), other, "RS256")).then().statusCode(401)
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void aServerTheServiceDoesNotTrustIsNotFetchedFrom() {
        SSLSocketFactory trusting = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(previousDefault);
        try {
            int before = fetches.get();
            token(sign(claims(app, tokenEndpoint(), clock), key, "RS256")).then().statusCode(401)
                    .body("error", equalTo("invalid_client"));
            assertThat(fetches.get()).as("the TLS handshake failed before any request").isEqualTo(before);
        } finally {
            HttpsURLConnection.setDefaultSSLSocketFactory(trusting);
        }
    }

    private Response token(String assertion) {
        return formRequest().body(form(assertion, "grant_type=client_credentials")).post("/" + env.id + "/as/token");
    }

    private String tokenEndpoint() {
        return config.issuer(env.id) + "/token";
    }
}
