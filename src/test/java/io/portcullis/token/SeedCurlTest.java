package io.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.Jwts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The curl examples of PingOne's and PingFederate's documentation pages (as printed there), run with the real {@code curl}
 * binary through {@code sh} exactly as the pages print them, line continuations included. Only
 * the placeholders change: the host becomes this server, {@code {{envID}}}, {@code {{appID}}},
 * {@code {{secret}}} and {@code client_id:client_secret} become a real application's values, and
 * PingOne's "Token Admin App" page's Basic credentials (Base64 of the literal {@code {{adminAppID}}:{{adminAppSecret}}})
 * become the Base64 of the bootstrap administrator's id and secret.
 */
@QuarkusTest
class SeedCurlTest {

    /**
     * Seed 000: client_secret_post. Seed 001 prints the same two requests without the indentation;
     * the shell drops it with the line continuations, so curl gets the same arguments and the
     * requests are run once, here.
     */
    static final String SEED_000_POST = """
            curl --request POST \\
              --url 'https://auth.pingone.com/{{envID}}/as/token' \\
              --header 'Content-Type: application/x-www-form-urlencoded' \\
              --data 'grant_type=client_credentials&client_id={{appID}}&client_secret={{secret}}'""";

    /** Seed 000 (and 001): client_secret_basic through curl's {@code --user}. */
    static final String SEED_000_BASIC = """
            curl --request POST \\
             --url 'https://auth.pingone.com/{{envID}}/as/token' \\
             --header 'Content-Type: application/x-www-form-urlencoded' \\
             --user 'client_id:client_secret' \\
             --data 'grant_type=client_credentials'""";

    /** Seed 003, "Token Admin App (client_credentials)". */
    static final String SEED_003_ADMIN = """
            curl --location --globoff '{{authPath}}/{{envID}}/as/token' \\
            --header 'Content-Type: application/x-www-form-urlencoded' \\
            --header 'Authorization: Basic e3thZG1pbkFwcElEfX06e3thZG1pbkFwcFNlY3JldH19' \\
            --data-urlencode 'grant_type=client_credentials'""";

    static final String SEED_003_CREDENTIALS = "e3thZG1pbkFwcElEfX06e3thZG1pbkFwcFNlY3JldH19";

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    @Inject
    EntityManager entityManager;

    final ObjectMapper json = new ObjectMapper();
    Environment env;
    CreatedApp postApp;
    CreatedApp basicApp;

    /** curl is part of the test environment (.ci/run installs it): without it these tests fail, never skip. */
    @BeforeAll
    static void curlIsInstalled() throws InterruptedException {
        Process probe;
        try {
            probe = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("the curl binary is not installed (apt-get install curl): " + e.getMessage(), e);
        }
        assertThat(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0).as("curl --version runs").isTrue();
    }

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        CreatedResource orders = fixtures.resource(env.id, "orders", null, "orders:read", "orders:write");
        postApp = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        basicApp = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, postApp.app().id, orders, "orders:read", "orders:write");
        fixtures.grant(env.id, basicApp.app().id, orders, "orders:read");
    }

    @Test
    void seed000ClientSecretPost() throws Exception {
        assertResourceToken(run(fill(SEED_000_POST, postApp)), postApp, "orders:read orders:write");
    }

    @Test
    void seed000ClientSecretBasicWithCurlUser() throws Exception {
        assertResourceToken(run(fill(SEED_000_BASIC, basicApp)), basicApp, "orders:read");
    }

    @Test
    void seed003TokenAdminApp() throws Exception {
        // The page's header is the Base64 of its placeholders; ours is the Base64 of the real values.
        assertThat(new String(Base64.getDecoder().decode(SEED_003_CREDENTIALS), StandardCharsets.UTF_8))
                .isEqualTo("{{adminAppID}}:{{adminAppSecret}}");
        String adminId = config.bootstrap().clientId().orElseThrow().toString();
        String adminSecret = config.bootstrap().clientSecret().orElseThrow();
        UUID adminEnvironment = QuarkusTransaction.requiringNew().call(() -> (UUID) entityManager
                .createNativeQuery("select environment_id from bootstrap_state", UUID.class).getSingleResult());
        String command = SEED_003_ADMIN
                .replace("{{authPath}}", baseUrl())
                .replace("{{envID}}", adminEnvironment.toString())
                .replace(SEED_003_CREDENTIALS, Base64.getEncoder().encodeToString(
                        (adminId + ":" + adminSecret).getBytes(StandardCharsets.UTF_8)));

        Reply reply = run(command);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = json.readTree(reply.body());
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isEqualTo(3600);
        assertThat(body.has("scope")).as("a management token has no scope").isFalse();
        JwtClaims claims = Jwts.verify(adminEnvironment.toString(), body.path("access_token").asText(),
                config.issuer(adminEnvironment), config.managementAudience());
        assertThat(claims.getAudience()).containsExactly(config.managementAudience());
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(adminId);
        assertThat(claims.getClaimValueAsString("env")).isEqualTo(adminEnvironment.toString());
        assertThat(claims.hasClaim("scope")).isFalse();
        assertThat(claims.getSubject()).isEqualTo(adminId); // RFC 9068 §2.2: the client, with no resource owner
    }

    // --- helpers ---

    private String fill(String seedCommand, CreatedApp app) {
        return seedCommand
                .replace("https://auth.pingone.com", baseUrl())
                .replace("{{envID}}", env.id.toString())
                .replace("{{appID}}", app.clientId())
                .replace("{{secret}}", app.secret())
                .replace("'client_id:client_secret'", "'" + app.clientId() + ":" + app.secret() + "'");
    }

    /** The port the test server really listens on ({@code %test.quarkus.http.test-port=0} picks one). */
    private static String baseUrl() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        assertThat(port).isPositive();
        return "http://localhost:" + port;
    }

    record Reply(int status, String headers, String body) {}

    /** Runs the command through sh, with output options appended after the page's own. */
    private static Reply run(String command) throws IOException, InterruptedException {
        assertThat(command).doesNotContain("{{", "auth.pingone.com", "client_id:client_secret");
        Path headers = Files.createTempFile("portcullis-curl", ".headers");
        try {
            String full = command + " --silent --show-error --dump-header '" + headers + "' --write-out '\\n%{http_code}'";
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", full);
            Map<String, String> environment = builder.environment();
            for (String proxy : List.of("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")) {
                environment.remove(proxy);
            }
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("curl finished").isTrue();
            assertThat(process.exitValue()).as("curl exit status; stderr: %s", err).isZero();
            int cut = out.lastIndexOf('\n');
            return new Reply(Integer.parseInt(out.substring(cut + 1).strip()), Files.readString(headers), out.substring(0, cut));
        } finally {
            Files.deleteIfExists(headers);
        }
    }

    private void assertResourceToken(Reply reply, CreatedApp app, String scope) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().toLowerCase()).contains("cache-control: no-store", "pragma: no-cache", "content-type: application/json");
        JsonNode body = json.readTree(reply.body());
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isEqualTo(3600);
        assertThat(body.path("scope").asText()).isEqualTo(scope);
        String token = body.path("access_token").asText();
        assertContractClaims(Jwts.verify(env.id.toString(), token, config.issuer(env.id), "orders"), app, scope);
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        JsonNode jose = json.readTree(header);
        assertThat(jose.path("alg").asText()).isEqualTo("RS256");
        assertThat(jose.path("typ").asText()).isEqualTo("at+jwt");
        assertThat(jose.path("kid").asText()).isNotBlank();
    }

    /** iss, sub (the client id, RFC 9068 §2.2), aud, client_id, scope, iat, exp, jti, env. */
    private void assertContractClaims(JwtClaims claims, CreatedApp app, String scope) throws MalformedClaimException {
        assertThat(claims.getIssuer()).isEqualTo(config.issuer(env.id));
        assertThat(claims.getAudience()).containsExactly("orders");
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(app.clientId());
        assertThat(claims.getClaimValueAsString("scope")).isEqualTo(scope);
        assertThat(claims.getClaimValueAsString("env")).isEqualTo(env.id.toString());
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(3600);
        assertThat(claims.getJwtId()).isNotBlank();
        assertThat(claims.getSubject()).isEqualTo(app.clientId());
        assertThat(claims.getClaimNames()).containsExactlyInAnyOrder("iss", "sub", "aud", "client_id", "scope", "iat", "exp", "jti", "env");
    }
}
