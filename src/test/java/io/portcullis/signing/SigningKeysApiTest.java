package io.portcullis.signing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.portcullis.application.ApplicationService;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.support.Admin;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Jwts;
import io.portcullis.support.Links;
import io.portcullis.support.TokenRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/environments/{envID}/keys} over HTTP, and what a change of key does to tokens and the JWKS. */
@QuarkusTest
class SigningKeysApiTest {

    /** Every field a key may show: nothing of the private key, nor even the public key material. */
    static final String[] KEY_FIELDS = {"_links", "id", "environment", "algorithm", "keyLength", "signatureAlgorithm",
        "usageType", "default", "status", "createdAt", "expiresAt", "startsAt", "validityPeriod", "serialNumber", "name",
        "subjectDN", "issuerDN"};

    @Inject
    Fixtures fixtures;

    @Inject
    ApplicationService applications;

    @Inject
    PortcullisConfig config;

    @Inject
    KeyRotationPolicyService rotationPolicies;

    @Inject
    SigningKeyService keys;

    String token;
    UUID envId;
    String env;
    String base;

    @BeforeEach
    void setUp() {
        token = Admin.token();
        envId = fixtures.environment().id;
        env = envId.toString();
        base = "/v1/environments/" + env + "/keys";
    }

    @Test
    void createReadUpdateListDelete() {
        Response list = Admin.as(token).get(base);
        list.then().statusCode(200).body("count", equalTo(1)).body("size", equalTo(1))
                .body("_embedded.keys[0].algorithm", equalTo("RSA"))
                .body("_embedded.keys[0].keyLength", equalTo(2048))
                .body("_embedded.keys[0].signatureAlgorithm", equalTo("SHA256withRSA"))
                .body("_embedded.keys[0].default", equalTo(true))
                .body("_embedded.keys[0].status", equalTo("VALID"));
        String original = list.path("_embedded.keys[0].id");
        assertThat(list.jsonPath().getMap("_embedded.keys[0]")).containsOnlyKeys(KEY_FIELDS);

        Instant before = Instant.now();
        Response created = Admin.as(token)
                .body("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\",\"usageType\":\"SIGNING\"}")
                .post(base);
        created.then().statusCode(201)
                .body("algorithm", equalTo("EC"))
                .body("keyLength", equalTo(256))
                .body("signatureAlgorithm", equalTo("SHA256withECDSA"))
                .body("usageType", equalTo("SIGNING"))
                .body("default", equalTo(false))
                .body("status", equalTo("VALID"))
                .body("environment.id", equalTo(env));
        String id = created.path("id");
        String self = "http://localhost:8080" + base + "/" + id;
        assertThat(created.header("Location")).isEqualTo(self);
        assertThat(created.<String>path("_links.self.href")).isEqualTo(self);
        assertThat(created.jsonPath().getMap("")).containsOnlyKeys(KEY_FIELDS);
        assertThat(created.asString()).doesNotContainIgnoringCase("private").doesNotContainIgnoringCase("ciphertext");
        // expiresAt defaults to one year from now
        Instant expiresAt = Instant.parse(created.path("expiresAt"));
        assertThat(expiresAt).isBetween(before.plus(Duration.ofDays(365)).minusSeconds(1), Instant.now().plus(Duration.ofDays(365)));

        Admin.as(token).get(base + "/" + id).then().statusCode(200).body("id", equalTo(id)).body("default", equalTo(false));
        Admin.as(token).body("{\"default\":true,\"usageType\":\"SIGNING\"}").put(base + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("default", equalTo(true)).body("algorithm", equalTo("EC"));
        Admin.as(token).get(base + "/" + original).then().statusCode(200).body("default", equalTo(false));
        Admin.as(token).get(base).then().body("count", equalTo(2))
                .body("_embedded.keys.findAll { it.default }.id", equalTo(List.of(id)));

        Admin.as(token).delete(base + "/" + original).then().statusCode(204);
        Admin.as(token).get(base + "/" + original).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        Admin.as(token).get(base).then().body("count", equalTo(1)).body("_embedded.keys[0].id", equalTo(id));
    }

    /** The flow of a key change: new tokens use the new default; tokens issued before still verify. */
    @Test
    void newDefaultKeySignsNewTokensAndOldTokensStillVerify() throws Exception {
        var orders = fixtures.resource(envId, "orders", null, "read");
        CreatedApp app = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(envId, app.app().id, orders, "read");
        rotationPolicies.assign(envId, app.app().id, null); // signs with the default manual key, not a policy's
        String rsaKid = Admin.as(token).get(base).path("_embedded.keys[0].id");
        String before = TokenRequests.token(env, app, null);
        assertThat(header(before)).containsEntry("alg", "RS256").containsEntry("kid", rsaKid);

        String ecKid = Admin.as(token)
                .body("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\",\"default\":true}")
                .post(base).then().statusCode(201).body("default", equalTo(true)).extract().path("id");
        String after = TokenRequests.token(env, app, null);
        assertThat(header(after)).containsEntry("alg", "ES256").containsEntry("kid", ecKid);
        assertThat(jwksKids()).containsExactlyInAnyOrder(rsaKid, ecKid);
        given().get("/" + env + "/as/jwks").then().body("keys.find { it.kid == '" + ecKid + "' }.crv", equalTo("P-256"));
        assertThat(verify(after).getClaimValueAsString("scope")).isEqualTo("read");
        assertThat(verify(before).getClaimValueAsString("scope")).isEqualTo("read");

        // the old key becomes the default again; the EC key, no longer default, can go
        Admin.as(token).body("{\"default\":true}").put(base + "/" + rsaKid).then().statusCode(200).body("default", equalTo(true));
        assertThat(header(TokenRequests.token(env, app, null))).containsEntry("alg", "RS256").containsEntry("kid", rsaKid);
        Admin.as(token).delete(base + "/" + ecKid).then().statusCode(204);
        assertThat(jwksKids()).containsExactly(rsaKid);
        assertThatThrownBy(() -> verify(after)).isInstanceOf(AssertionError.class);
        verify(before);
    }

    /** Every signature algorithm the API accepts produces tokens of the matching JWS alg that verify. */
    @Test
    void everyAlgorithmSignsVerifiableTokens() throws Exception {
        var orders = fixtures.resource(envId, "orders", null, "read");
        CreatedApp app = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(envId, app.app().id, orders, "read");
        rotationPolicies.assign(envId, app.app().id, null); // signs with the default manual key, not a policy's
        Map<String, String> algs = Map.of(
                "{\"algorithm\":\"EC\",\"keyLength\":384,\"signatureAlgorithm\":\"SHA384withECDSA\"", "ES384",
                "{\"algorithm\":\"RSA\",\"keyLength\":2048,\"signatureAlgorithm\":\"SHA384withRSA\"", "RS384",
                "{\"algorithm\":\"RSA\",\"keyLength\":2048,\"signatureAlgorithm\":\"SHA512withRSA\"", "RS512");
        for (Map.Entry<String, String> entry : algs.entrySet()) {
            String kid = Admin.as(token).body(entry.getKey() + ",\"default\":true}").post(base)
                    .then().statusCode(201).extract().path("id");
            String issued = TokenRequests.token(env, app, null);
            assertThat(header(issued)).containsEntry("alg", entry.getValue()).containsEntry("kid", kid);
            verify(issued);
        }
        Admin.as(token).get(base).then().body("count", equalTo(4));
    }

    /**
     * Terraform's {@code pingone_key} (terraform-provider-pingone internal/service/base/resource_key.go):
     * resourceKeyCreate sends management.NewCertificate(algorithm, keyLength, name, signatureAlgorithm,
     * subjectDN, usageType, validityPeriod) with default, issuerDN and serialNumber; resourceKeyRead
     * reads name, algorithm, default, expiresAt, issuerDN, keyLength, serialNumber, signatureAlgorithm,
     * startsAt, status, subjectDN, usageType and validityPeriod back; resourceKeyUpdate sends
     * management.NewCertificateKeyUpdate(default, usageType) with issuerDN.
     */
    @Test
    void terraformsPingoneKeyBodiesAreAcceptedAndReadBack() {
        String created = Admin.as(token).body("""
                {"algorithm": "RSA", "keyLength": 3072, "name": "tf-signing-key", "signatureAlgorithm": "SHA256withRSA",
                 "subjectDN": "CN=tf-signing-key, OU=Platform, O=Example, C=US", "usageType": "SIGNING",
                 "validityPeriod": 365, "default": false, "issuerDN": "CN=tf-signing-key, OU=Platform, O=Example, C=US",
                 "serialNumber": 1575483893597}""").post(base).then().statusCode(201).extract().path("id");
        Response read = Admin.as(token).get(base + "/" + created);
        read.then().statusCode(200)
                .body("name", equalTo("tf-signing-key"))
                .body("algorithm", equalTo("RSA"))
                .body("default", equalTo(false))
                .body("issuerDN", equalTo("CN=tf-signing-key, OU=Platform, O=Example, C=US"))
                .body("subjectDN", equalTo("CN=tf-signing-key, OU=Platform, O=Example, C=US"))
                .body("keyLength", equalTo(3072))
                .body("serialNumber", equalTo(1575483893597L))
                .body("signatureAlgorithm", equalTo("SHA256withRSA"))
                .body("status", equalTo("VALID"))
                .body("usageType", equalTo("SIGNING"))
                .body("validityPeriod", equalTo(365));
        Instant startsAt = Instant.parse(read.path("startsAt"));
        assertThat(Duration.between(startsAt, Instant.parse(read.path("expiresAt"))))
                .as("expiresAt is validityPeriod days after startsAt")
                .isBetween(Duration.ofDays(365).minusSeconds(5), Duration.ofDays(365));
        Admin.as(token).body("{\"default\": true, \"usageType\": \"SIGNING\", \"issuerDN\": \"CN=Issuing CA, O=Example\"}")
                .put(base + "/" + created).then().statusCode(200)
                .body("default", equalTo(true)).body("issuerDN", equalTo("CN=Issuing CA, O=Example"));
        // what a GET shows can be PUT back as it is
        Map<String, Object> again = Admin.as(token).get(base + "/" + created).jsonPath().getMap("");
        Admin.as(token).body(again).put(base + "/" + created).then().statusCode(200).body("name", equalTo("tf-signing-key"));
    }

    /** Key creation is bounded per environment: the 51st manual key is refused with PingOne's error body. */
    @Test
    void anEnvironmentHoldsAtMostFiftyKeys() {
        Instant expiresAt = Instant.now().plus(Duration.ofDays(30));
        for (int i = 1; i < SigningKeyService.MAX_MANUAL_KEYS; i++) { // the environment's default key is the first
            keys.create(envId, new SigningKeyService.KeySpec("EC", 256, SignatureAlgorithm.SHA256withECDSA, expiresAt), false);
        }
        String ec = "{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\"}";
        Admin.as(token).body(ec).post(base).then().statusCode(400)
                .body("code", equalTo("INVALID_REQUEST")).body("id", notNullValue()).body("message", containsString("50"));
        Admin.as(token).get(base + "?limit=1000").then().body("count", equalTo(SigningKeyService.MAX_MANUAL_KEYS));
        // deleting one makes room again; another environment is not affected
        String spare = Admin.as(token).get(base + "?limit=1000").path("_embedded.keys.find { !it.default }.id");
        Admin.as(token).delete(base + "/" + spare).then().statusCode(204);
        Admin.as(token).body(ec).post(base).then().statusCode(201);
        Admin.as(token).body(ec).post("/v1/environments/" + fixtures.environment().id + "/keys").then().statusCode(201);
    }

    @Test
    void theDefaultKeyStays() {
        String rsaKid = Admin.as(token).get(base).path("_embedded.keys[0].id");
        Admin.as(token).delete(base + "/" + rsaKid).then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        Admin.as(token).body("{\"default\":false}").put(base + "/" + rsaKid).then().statusCode(400)
                .body("code", equalTo("INVALID_REQUEST"));
        Admin.as(token).get(base + "/" + rsaKid).then().statusCode(200).body("default", equalTo(true));
        assertThat(jwksKids()).containsExactly(rsaKid);
        // a new key that is not asked to be the default leaves the default alone
        Admin.as(token).body("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\",\"default\":false}")
                .post(base).then().statusCode(201).body("default", equalTo(false));
        Admin.as(token).get(base + "/" + rsaKid).then().body("default", equalTo(true));
    }

    @Test
    void everyRouteNeedsAToken() {
        String id = Admin.as(token).get(base).path("_embedded.keys[0].id");
        String ec = "{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\"}";
        given().get(base).then().statusCode(401).body("code", equalTo("ACCESS_FAILED"));
        given().contentType("application/json").body(ec).post(base).then().statusCode(401);
        given().get(base + "/" + id).then().statusCode(401);
        given().contentType("application/json").body("{\"default\":true}").put(base + "/" + id).then().statusCode(401);
        given().delete(base + "/" + id).then().statusCode(401);
        Admin.as(token).get(base).then().body("count", equalTo(1));
    }

    /** Keys need WRITE_KEYS: a developer (WRITE_CONFIGURATION) and a reader may only look. */
    @Test
    void changingKeysNeedsTheKeysPermission() {
        String ec = "{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\"}";
        String other = Admin.as(token).body(ec).post(base).then().statusCode(201).extract().path("id");
        for (String role : List.of("CLIENT_APPLICATION_DEVELOPER", "READ_ONLY")) {
            CreatedApp caller = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
            applications.assignRole(envId, caller.app().id, role, "ENVIRONMENT", envId);
            String limited = Admin.token(env, caller.clientId(), caller.secret());
            Admin.as(limited).get(base).then().statusCode(200).body("count", equalTo(2));
            Admin.as(limited).get(base + "/" + other).then().statusCode(200);
            Admin.as(limited).body(ec).post(base).then().statusCode(403).body("code", equalTo("ACCESS_FAILED"));
            Admin.as(limited).body("{\"default\":true}").put(base + "/" + other).then().statusCode(403);
            Admin.as(limited).delete(base + "/" + other).then().statusCode(403);
        }
        Admin.as(token).get(base).then().body("count", equalTo(2));
        Admin.as(token).get(base + "/" + other).then().body("default", equalTo(false));
    }

    @Test
    void unknownIdsAreNotFound() {
        String id = Admin.as(token).get(base).path("_embedded.keys[0].id");
        for (String missing : new String[] {UUID.randomUUID().toString(), "not-a-uuid"}) {
            Admin.as(token).get(base + "/" + missing).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
            Admin.as(token).body("{\"default\":true}").put(base + "/" + missing).then().statusCode(404);
            Admin.as(token).delete(base + "/" + missing).then().statusCode(404);
        }
        String otherEnv = fixtures.environment().id.toString();
        String otherBase = "/v1/environments/" + otherEnv + "/keys";
        Admin.as(token).get(otherBase + "/" + id).then().statusCode(404);
        Admin.as(token).body("{\"default\":true}").put(otherBase + "/" + id).then().statusCode(404);
        Admin.as(token).delete(otherBase + "/" + id).then().statusCode(404);
        Admin.as(token).get(otherBase).then().statusCode(200).body("count", equalTo(1))
                .body("_embedded.keys.id", not(hasItem(id)));
        String unknownEnv = "/v1/environments/" + UUID.randomUUID() + "/keys";
        Admin.as(token).get(unknownEnv).then().statusCode(404);
        Admin.as(token).body("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\"}")
                .post(unknownEnv).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        Admin.as(token).get(base + "/" + id).then().statusCode(200).body("default", equalTo(true));
    }

    @Test
    void badBodiesAreRefusedAndChangeNothing() {
        String id = Admin.as(token).get(base).path("_embedded.keys[0].id");
        assertInvalid("{\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\"}", "algorithm");
        assertInvalid("{\"algorithm\":\"DSA\",\"keyLength\":2048,\"signatureAlgorithm\":\"SHA256withRSA\"}", "algorithm");
        assertInvalid("{\"algorithm\":\"EC\",\"signatureAlgorithm\":\"SHA256withECDSA\"}", "keyLength");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":\"big\",\"signatureAlgorithm\":\"SHA256withECDSA\"}", "keyLength");
        assertInvalid("{\"algorithm\":\"RSA\",\"keyLength\":1024,\"signatureAlgorithm\":\"SHA256withRSA\"}", "keyLength");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":521,\"signatureAlgorithm\":\"SHA512withECDSA\"}", "keyLength");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":2048,\"signatureAlgorithm\":\"SHA256withECDSA\"}", "keyLength");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":256}", "signatureAlgorithm");
        assertInvalid("{\"algorithm\":\"RSA\",\"keyLength\":2048,\"signatureAlgorithm\":\"SHA1withRSA\"}", "signatureAlgorithm");
        assertInvalid("{\"algorithm\":\"RSA\",\"keyLength\":2048,\"signatureAlgorithm\":\"SHA256withECDSA\"}", "signatureAlgorithm");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withRSA\"}", "signatureAlgorithm");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA384withECDSA\"}", "signatureAlgorithm");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":384,\"signatureAlgorithm\":\"SHA256withECDSA\"}", "signatureAlgorithm");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\",\"usageType\":\"ENCRYPTION\"}",
                "usageType");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\",\"expiresAt\":\""
                + Instant.now().minusSeconds(60) + "\"}", "expiresAt");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\",\"expiresAt\":\"tomorrow\"}",
                "expiresAt");
        assertInvalid("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\",\"default\":\"yes please\"}",
                "default");
        Admin.as(token).body("{\"usageType\":\"ENCRYPTION\",\"default\":true}").put(base + "/" + id).then().statusCode(400)
                .body("details[0].target", equalTo("usageType"));
        Admin.as(token).get(base).then().body("count", equalTo(1));
        Admin.as(token).get(base + "/" + id).then().body("default", equalTo(true));

        // an explicit expiry in the future is kept as given
        Instant expiry = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        String created = Admin.as(token).body("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\","
                + "\"expiresAt\":\"" + expiry + "\"}").post(base).then().statusCode(201).extract().path("expiresAt");
        assertThat(Instant.parse(created)).isEqualTo(expiry);
    }

    @Test
    void pagesFollowTheNextLink() {
        String first = Admin.as(token).get(base).path("_embedded.keys[0].id");
        String second = Admin.as(token).body("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\"}")
                .post(base).then().statusCode(201).extract().path("id");
        Response page = Admin.as(token).get(base + "?limit=1");
        page.then().statusCode(200).body("count", equalTo(2)).body("size", equalTo(1));
        Response next = Admin.as(token).get(Links.path(page.path("_links.next.href")));
        next.then().statusCode(200).body("count", equalTo(2)).body("size", equalTo(1)).body("_links.next", equalTo(null));
        assertThat(List.of(page.<String>path("_embedded.keys[0].id"), next.<String>path("_embedded.keys[0].id")))
                .containsExactlyInAnyOrder(first, second);
    }

    private void assertInvalid(String body, String target) {
        Admin.as(token).body(body).post(base).then().statusCode(400)
                .body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo(target));
    }

    private org.jose4j.jwt.JwtClaims verify(String accessToken) {
        return Jwts.verify(env, accessToken, config.issuer(envId), "orders");
    }

    /** The kids of the JWKS that are manual keys (the default key rotation policy's keys are there too). */
    private List<String> jwksKids() {
        List<String> manual = Admin.as(token).get(base + "?limit=1000").path("_embedded.keys.id");
        List<String> published = given().get("/" + env + "/as/jwks").then().statusCode(200).extract().path("keys.kid");
        return published.stream().filter(manual::contains).toList();
    }

    private static Map<String, Object> header(String jwt) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return JsonPath.from(json).getMap("");
    }
}
