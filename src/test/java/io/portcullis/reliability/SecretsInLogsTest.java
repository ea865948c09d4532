package io.portcullis.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.signing.ActiveKey;
import io.portcullis.signing.KeyRing;
import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.portcullis.support.HardenedProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A whole run with every log line captured in a file (DEBUG for Portcullis, the access log, start-up
 * included): bootstrap, environments, applications, secrets read and rotated, tokens issued,
 * failures and lockouts. Afterwards no client secret, access token, private key or master key may
 * appear in the log, and no error body may repeat a secret it was sent.
 */
@QuarkusTest
@TestProfile(HardenedProfile.class)
class SecretsInLogsTest {

    @Inject
    KeyRing keyRing;

    final List<String> secrets = new ArrayList<>();
    final List<String> tokens = new ArrayList<>();

    @Test
    void noSecretReachesTheLogOrAnErrorBody() throws Exception {
        secrets.add(Admin.secret());
        String admin = Admin.token();
        tokens.add(admin);
        String env = Api.environment(admin);
        String app = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        Api.assignRole(admin, env, app, "READ_ONLY", env);
        String secret = Api.secret(admin, env, app);
        secrets.add(secret);
        tokens.add(Admin.token(env, app, secret));
        String post = Api.application(admin, env, "CLIENT_SECRET_POST");
        Api.assignRole(admin, env, post, "READ_ONLY", env);
        String postSecret = Api.secret(admin, env, post);
        secrets.add(postSecret);
        tokens.add(given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + post + "&client_secret=" + postSecret)
                .post("/" + env + "/as/token").then().statusCode(200).extract().path("access_token"));

        String grace = "{\"previous\":{\"expiresAt\":\"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\"}}";
        String rotated = Admin.as(admin).body(grace).post("/v1/environments/" + env + "/applications/" + app + "/secret")
                .then().statusCode(200).extract().path("secret");
        secrets.add(rotated);
        tokens.add(Admin.token(env, app, rotated));
        tokens.add(Admin.token(env, app, secret)); // the previous secret in its grace period

        // Requests that carry a secret somewhere it does not belong: refused, and not repeated back.
        String source = "198.51.100." + (1 + (int) (Math.random() * 250));
        List<Response> refused = List.of(
                given().contentType("application/x-www-form-urlencoded").header("X-Forwarded-For", source)
                        .body("grant_type=client_credentials&client_id=" + post + "&client_secret=" + postSecret + "&client_secret=" + postSecret)
                        .post("/" + env + "/as/token"),
                given().contentType("application/x-www-form-urlencoded").header("X-Forwarded-For", source)
                        .auth().preemptive().basic(app, rotated)
                        .body("grant_type=client_credentials&client_secret=" + rotated)
                        .post("/" + env + "/as/token"),
                given().contentType("application/x-www-form-urlencoded").header("X-Forwarded-For", source)
                        .header("Authorization", "Basic " + rotated)
                        .body("grant_type=client_credentials").post("/" + env + "/as/token"),
                given().contentType("application/x-www-form-urlencoded").header("X-Forwarded-For", source)
                        .body("grant_type=client_credentials&client_id=" + rotated + "&client_secret=" + rotated)
                        .post("/" + env + "/as/token"),
                Admin.as(admin).body("{\"" + rotated + "\": \"" + rotated + "\"}").post("/v1/environments"),
                Admin.as(admin).body("{\"name\": [\"" + rotated + "\"]}").post("/v1/environments"),
                Admin.as(admin).body("{\"previous\": {\"expiresAt\": \"" + rotated + "\"}}")
                        .post("/v1/environments/" + env + "/applications/" + app + "/secret"),
                // (not in a URL: RFC 6749 §2.3.1 forbids it there, and access logs record URLs)
                Admin.as(rotated).get("/v1/environments"));
        for (Response response : refused) {
            assertThat(response.statusCode()).isBetween(400, 499);
            for (String s : secrets) {
                assertThat(response.asString()).doesNotContain(s);
            }
        }
        // wrong secrets until the client is locked out, then one more: audit lines, no secrets
        for (int i = 0; i <= HardenedProfile.CLIENT_LIMIT; i++) {
            given().auth().preemptive().basic(post, postSecret + "x").header("X-Forwarded-For", "192.0.2.200")
                    .contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials")
                    .post("/" + env + "/as/token");
        }

        List<String> privateKeys = new ArrayList<>();
        for (String environment : List.of(Admin.environmentId(), env)) {
            for (ActiveKey key : keyRing.keysOf(UUID.fromString(environment)).published()) {
                privateKeys.add(Base64.getEncoder().encodeToString(key.privateKey().getEncoded()));
            }
        }
        assertThat(privateKeys).isNotEmpty();

        String log = Files.readString(HardenedProfile.LOG_FILE, StandardCharsets.UTF_8);
        assertThat(log).contains("client authentication failed").contains("client authentication locked")
                .contains("/v1/environments"); // the capture did see the run
        for (String s : secrets) {
            assertThat(log).as("a client secret is in the log").doesNotContain(s);
        }
        for (String token : tokens) {
            assertThat(log).as("an access token is in the log").doesNotContain(token)
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
        for (String pkcs8 : privateKeys) {
            // any 40-character stretch of the key's PKCS#8 encoding, in base64 or hex
            assertThat(sharedStretch(log, pkcs8, 40)).as("a private key is in the log").isNull();
            assertThat(sharedStretch(log, HexFormat.of().formatHex(Base64.getDecoder().decode(pkcs8)), 40))
                    .as("a private key (hex) is in the log").isNull();
        }
        assertThat(log).doesNotContain("PRIVATE KEY");
        byte[] masterKey = Base64.getDecoder().decode(HardenedProfile.MASTER_KEY);
        assertThat(log).as("the master key is in the log").doesNotContain(HardenedProfile.MASTER_KEY)
                .doesNotContain(HexFormat.of().formatHex(masterKey))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(masterKey));
    }

    /** A stretch of {@code length} characters of {@code secret} that {@code text} contains, or null. */
    static String sharedStretch(String text, String secret, int length) {
        java.util.Set<String> stretches = new java.util.HashSet<>();
        for (int i = 0; i + length <= secret.length(); i++) {
            stretches.add(secret.substring(i, i + length));
        }
        for (int i = 0; i + length <= text.length(); i++) {
            String candidate = text.substring(i, i + length);
            if (stretches.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
