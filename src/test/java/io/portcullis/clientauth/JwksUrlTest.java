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
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * operator's trust store would be, and allowed by the test profile's
 * {@code jwks-url-allowed-hosts}), fetched once and then served from the cache. URLs that point
 * inside are refused, and a blackholed one cannot stall the service.
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

    // --- Server-side request forgery: what a jwksUrl may point at ---

    @Test
    void jwksUrlsThatPointInsideAreRefusedWhenSet() {
        String admin = Admin.token();
        String apps = "/v1/environments/" + env.id + "/applications";
        for (String url : new String[] {
                "https://127.0.0.2/jwks.json", // loopback, but not the one address this profile allows
                "https://10.0.0.1/jwks.json", "https://192.168.1.10/jwks.json", "https://172.16.0.1/jwks.json",
                "https://169.254.169.254/latest/meta-data/", "https://[::1]/jwks.json", "https://[fd00::1]/jwks.json",
                "https://[fe80::1]/jwks.json", "https://0x7f000001/jwks.json", "https://2130706433/jwks.json",
                "https://127.1/jwks.json", "https://localhost/jwks.json", "https://keys.localhost./jwks.json",
                "https://8.8.8.8/jwks.json" /* public, but a literal: names only */}) {
            String body = """
                    {"name": "ssrf", "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"],
                     "tokenEndpointAuthMethod": "PRIVATE_KEY_JWT", "jwksUrl": "%s"}
                    """.formatted(url);
            Admin.as(admin).body(body).post(apps).then().statusCode(400)
                    .body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo("jwksUrl"));
            Admin.as(admin).body(body).put(apps + "/" + app).then().statusCode(400)
                    .body("code", equalTo("INVALID_DATA"));
        }
        // the allowed host of this profile (portcullis.client-assertion.jwks-url-allowed-hosts) still works
        token(sign(claims(app, tokenEndpoint(), clock), key, "RS256")).then().statusCode(200);
    }

    @Test
    void aBlackholedJwksUrlDoesNotStallTheService() throws Exception {
        // A TLS port that accepts connections and never answers: each fetch can only end by its deadline.
        AtomicInteger connections = new AtomicInteger();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackhole = new ServerSocket(0, 500, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!blackhole.isClosed()) {
                    try {
                        held.add(blackhole.accept());
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            String url = "https://127.0.0.1:" + blackhole.getLocalPort() + "/jwks.json";
            String stuck = Admin.as(Admin.token()).body("""
                    {"name": "blackholed", "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"],
                     "tokenEndpointAuthMethod": "PRIVATE_KEY_JWT", "jwksUrl": "%s"}
                    """.formatted(url))
                    .post("/v1/environments/" + env.id + "/applications").then().statusCode(201).extract().path("id");
            String admin = Admin.token();
            String environment = "/v1/environments/" + env.id;
            Admin.as(admin).get(environment).then().statusCode(200);
            long quiet = System.nanoTime();
            Admin.as(admin).get(environment).then().statusCode(200);
            Duration baseline = Duration.ofNanos(System.nanoTime() - quiet);

            // More requests at once than the service has worker threads (200), as in the reported attack.
            int requests = 220;
            List<String> assertions = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                assertions.add(sign(claims(stuck, tokenEndpoint(), clock), key, "RS256"));
            }
            ExecutorService clients = Executors.newFixedThreadPool(requests);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (String assertion : assertions) {
                    statuses.add(clients.submit(() -> token(assertion).statusCode()));
                }
                Thread.sleep(500); // the token requests are in flight
                long started = System.nanoTime();
                Admin.as(admin).get(environment).then().statusCode(200);
                Duration management = Duration.ofNanos(System.nanoTime() - started);
                for (Future<Integer> status : statuses) {
                    assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(401);
                }
                // one fetch at a time per URL, and a failed one is remembered: not one connection per request
                assertThat(connections.get()).isLessThanOrEqualTo(2);
                // Before, every request fetched for itself on a worker thread and /v1 waited 18 s for
                // one; the bound leaves room for a loaded build machine, where the flood itself takes CPU.
                assertThat(management).as("a /v1 call while %d token requests wait for a blackholed jwksUrl (quiet: %s)",
                        requests, baseline).isLessThan(baseline.plusSeconds(10));
            } finally {
                clients.shutdownNow();
            }
            long started = System.nanoTime();
            token(sign(claims(stuck, tokenEndpoint(), clock), key, "RS256")).then().statusCode(401);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered from the failure cache")
                    .isLessThan(Duration.ofSeconds(2));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private Response token(String assertion) {
        return formRequest().body(form(assertion, "grant_type=client_credentials")).post("/" + env.id + "/as/token");
    }

    private String tokenEndpoint() {
        return config.issuer(env.id) + "/token";
    }
}
