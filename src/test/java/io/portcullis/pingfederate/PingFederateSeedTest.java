package io.portcullis.pingfederate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.portcullis.support.Admin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PingFederate's client_credentials guide, replayed verbatim against a freshly started server that
 * was configured through the PingFederate admin API only: scope {@code edit}, a JWT access token
 * manager of 240 minutes, client {@code cc_client} with the administrator's secret {@code 2Federate}.
 */
@QuarkusTest
@TestProfile(PingFederateProfile.class)
class PingFederateSeedTest {

    /** The guide's request: its Basic header, and its body with the line break the client sends. */
    static final String SEED_AUTHORIZATION = "Basic Y2NfY2xpZW50OjJGZWRlcmF0ZQ==";
    static final String SEED_BODY = "grant_type=client_credentials\n  &scope=edit";
    static final String ATM = """
            {"id": "jwt", "name": "JWT access tokens",
             "pluginDescriptorRef": {"id": "com.pingidentity.pf.access.token.management.plugins.JwtBearerAccessTokenManagementPlugin"},
             "configuration": {"tables": [{"name": "Symmetric Keys", "rows": []}, {"name": "Certificates", "rows": []}],
                               "fields": [{"name": "Token Lifetime", "value": "240"}, {"name": "JWS Algorithm", "value": "RS256"}]}}""";
    static final String CC_CLIENT = """
            {"clientId": "cc_client", "name": "Client credentials example", "enabled": true,
             "grantTypes": ["CLIENT_CREDENTIALS"], "clientAuth": {"type": "SECRET", "secret": "2Federate"},
             "restrictScopes": true, "restrictedScopes": ["edit"],
             "defaultAccessTokenManagerRef": {"id": "jwt"}, "bypassApprovalPage": true, "redirectUris": []}""";

    static boolean configured;

    /** Configures cc_client once, through PingFederate-shaped calls only. */
    @BeforeEach
    void configureThroughTheAdminApi() {
        if (configured) {
            return;
        }
        admin().body("{\"scopes\": [{\"name\": \"edit\", \"description\": \"Edit things\"}, {\"name\": \"read\", \"description\": \"Read things\"}],"
                + " \"exclusiveScopes\": [], \"allowUnidentifiedClientROCreds\": false}")
                .put("/pf-admin-api/v1/oauth/authServerSettings").then().statusCode(200)
                .body("scopes.name", hasItem("edit"));
        admin().body(ATM).post("/pf-admin-api/v1/oauth/accessTokenManagers").then().statusCode(201)
                .body("configuration.fields.find { it.name == 'Token Lifetime' }.value", equalTo("240"));
        admin().body(CC_CLIENT).post("/pf-admin-api/v1/oauth/clients").then().statusCode(201)
                .body("clientId", equalTo("cc_client"))
                .body("clientAuth.type", equalTo("SECRET"))
                .body("clientAuth.secret", equalTo(null)) // an administrator's secret is never echoed
                .body("defaultAccessTokenManagerRef.id", equalTo("jwt"));
        configured = true;
    }

    @Test
    void theGuidesRequestGetsATokenThatVerifiesAgainstPfJwks() throws Exception {
        HttpResponse<String> response = seedRequest(SEED_AUTHORIZATION, SEED_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonPath body = JsonPath.from(response.body());
        assertThat(body.getString("token_type")).isEqualTo("Bearer");
        assertThat(body.getInt("expires_in")).isEqualTo(14400); // the access token manager's 240 minutes
        assertThat(body.getString("refresh_token")).isNull();

        JwtClaims claims = verifiedWithPfJwks(body.getString("access_token"));
        String issuer = given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("token_endpoint", equalTo(publicUrl() + "/as/token.oauth2"))
                .body("jwks_uri", equalTo(publicUrl() + "/pf/JWKS"))
                .extract().path("issuer");
        assertThat(issuer).isEqualTo(publicUrl());
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getStringClaimValue("scope")).isEqualTo("edit");
        assertThat(claims.getAudience()).containsExactly("jwt");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(14400);

        // The token is active at PingFederate's introspection endpoint, for the client that holds it.
        given().auth().preemptive().basic("cc_client", "2Federate").contentType("application/x-www-form-urlencoded")
                .formParam("token", body.getString("access_token")).post("/as/introspect.oauth2")
                .then().statusCode(200).body("active", equalTo(true)).body("scope", equalTo("edit"));
    }

    @Test
    void theCredentialsMayAlsoTravelInTheBody() throws Exception {
        HttpResponse<String> response = seedRequest(null,
                "grant_type=client_credentials&scope=edit&client_id=cc_client&client_secret=2Federate");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.from(response.body()).getInt("expires_in")).isEqualTo(14400);
    }

    @Test
    void aWrongSecretIsInvalidClient() throws Exception {
        String wrong = Base64.getEncoder().encodeToString("cc_client:1Federate".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = seedRequest("Basic " + wrong, SEED_BODY);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JsonPath.from(response.body()).getString("error")).isEqualTo("invalid_client");
        assertThat(seedRequest(SEED_AUTHORIZATION, SEED_BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void aScopeTheClientMayNotAskForIsInvalidScope() throws Exception {
        // "read" is a common scope, but cc_client is restricted to "edit": PingFederate refuses the request.
        for (String scope : new String[] {"read", "edit read", "unknown"}) {
            HttpResponse<String> response = seedRequest(SEED_AUTHORIZATION, "grant_type=client_credentials&scope=" + scope.replace(" ", "+"));
            assertThat(response.statusCode()).as(scope).isEqualTo(400);
            assertThat(JsonPath.from(response.body()).getString("error")).isEqualTo("invalid_scope");
        }
        // No scope at all: a token without scopes, as PingFederate issues it.
        HttpResponse<String> none = seedRequest(SEED_AUTHORIZATION, "grant_type=client_credentials");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(JsonPath.from(none.body()).getString("scope")).isNull();
    }

    @Test
    void theAdminApiWantsTheXsrfHeaderAndChangesNothingWithoutIt() {
        given().auth().preemptive().basic(Admin.clientId(), Admin.secret()).contentType(ContentType.JSON)
                .body(CC_CLIENT.replace("cc_client", "no_header_client"))
                .post("/pf-admin-api/v1/oauth/clients")
                .then().statusCode(403).body("resultId", equalTo("missing_xsrf_header"));
        admin().get("/pf-admin-api/v1/oauth/clients/no_header_client").then().statusCode(404);
    }

    @Test
    void theAdminApiRefusesCallersWithoutTheRole() {
        // No credentials, a wrong admin secret: 401 (with PingFederate's Basic challenge).
        given().header("X-XSRF-Header", "PingFederate").get("/pf-admin-api/v1/oauth/clients")
                .then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"PingFederate\"");
        given().auth().preemptive().basic(Admin.clientId(), "not-the-secret").header("X-XSRF-Header", "PingFederate")
                .get("/pf-admin-api/v1/oauth/clients").then().statusCode(401).body("resultId", equalTo("unauthorized"));
        // An OAuth client is not an administrator: cc_client's own credentials are refused (403).
        given().auth().preemptive().basic("cc_client", "2Federate").header("X-XSRF-Header", "PingFederate")
                .contentType(ContentType.JSON).body(CC_CLIENT.replace("cc_client", "escalated"))
                .post("/pf-admin-api/v1/oauth/clients").then().statusCode(403).body("resultId", equalTo("forbidden"));
        // A READ_ONLY worker may read, not write.
        String token = Admin.token();
        String reader = io.portcullis.support.Api.application(token, Admin.environmentId(), "CLIENT_SECRET_BASIC");
        String readerSecret = io.portcullis.support.Api.secret(token, Admin.environmentId(), reader);
        assertThat(io.portcullis.support.Api.assignRole(token, Admin.environmentId(), reader, "READ_ONLY", pingFederateEnvironmentId())).isEqualTo(201);
        RequestSpecification asReader = given().auth().preemptive().basic(reader, readerSecret)
                .header("X-XSRF-Header", "PingFederate").contentType(ContentType.JSON);
        asReader.get("/pf-admin-api/v1/oauth/clients/cc_client").then().statusCode(200).body("clientAuth.secret", equalTo(null));
        given().auth().preemptive().basic(reader, readerSecret).header("X-XSRF-Header", "PingFederate").contentType(ContentType.JSON)
                .body(CC_CLIENT.replace("cc_client", "by_reader")).post("/pf-admin-api/v1/oauth/clients")
                .then().statusCode(403);
        admin().get("/pf-admin-api/v1/oauth/clients/by_reader").then().statusCode(404);
        // The /v1 bearer token works too, with the same roles.
        given().header("Authorization", "Bearer " + token).header("X-XSRF-Header", "PingFederate")
                .get("/pf-admin-api/v1/oauth/clients").then().statusCode(200).body("items.clientId", hasItem("cc_client"));
    }

    @Test
    void theSameObjectsAreVisibleThroughV1() {
        String environmentId = pingFederateEnvironmentId();
        String token = Admin.token();
        Admin.as(token).get("/v1/environments/" + environmentId + "/applications").then().statusCode(200)
                .body("_embedded.applications.name", hasItem("Client credentials example"));
        Admin.as(token).get("/v1/environments/" + environmentId + "/resources").then().statusCode(200)
                .body("_embedded.resources.find { it.name == 'jwt' }.accessTokenValiditySeconds", equalTo(14400));
    }

    @Test
    void aReplacedSecretTakesEffectAndTheOldOneStops() throws Exception {
        admin().body(CC_CLIENT.replace("cc_client", "rotating_client")).post("/pf-admin-api/v1/oauth/clients").then().statusCode(201);
        String encrypted = admin().get("/pf-admin-api/v1/oauth/clients/rotating_client").then().statusCode(200)
                .extract().path("clientAuth.encryptedSecret");
        // A GET body sent back unchanged keeps the secret.
        admin().body(CC_CLIENT.replace("cc_client", "rotating_client")
                        .replace("\"secret\": \"2Federate\"", "\"encryptedSecret\": \"" + encrypted + "\""))
                .put("/pf-admin-api/v1/oauth/clients/rotating_client").then().statusCode(200);
        assertThat(tokenStatus("rotating_client", "2Federate")).isEqualTo(200);
        admin().body(CC_CLIENT.replace("cc_client", "rotating_client").replace("2Federate", "3Federate!"))
                .put("/pf-admin-api/v1/oauth/clients/rotating_client").then().statusCode(200);
        assertThat(tokenStatus("rotating_client", "3Federate!")).isEqualTo(200);
        assertThat(tokenStatus("rotating_client", "2Federate")).isEqualTo(401);
    }

    @Test
    void aChosenClientIdIsLockedOutLikeAUuid() throws Exception {
        admin().body(CC_CLIENT.replace("cc_client", "weak_client").replace("Client credentials example", "Weak client"))
                .post("/pf-admin-api/v1/oauth/clients").then().statusCode(201);
        String uuid = Admin.as(Admin.token()).get("/v1/environments/" + pingFederateEnvironmentId() + "/applications")
                .then().statusCode(200).extract().path("_embedded.applications.find { it.name == 'Weak client' }.id");
        assertThat(tokenStatus(uuid, "2Federate")).as("the UUID is a client id too").isEqualTo(200);
        for (int i = 0; i < PingFederateProfile.CLIENT_LIMIT; i++) {
            assertThat(tokenStatus("weak_client", "guess-" + i)).isEqualTo(401);
        }
        // Locked: even the right secret is refused, by its chosen id and by its UUID alike.
        assertThat(tokenStatus("weak_client", "2Federate")).isEqualTo(429);
        assertThat(tokenStatus(uuid, "2Federate")).isEqualTo(429);
        // cc_client is not affected by weak_client's lock.
        assertThat(seedRequest(SEED_AUTHORIZATION, SEED_BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void theGuidesRequestWorksFromCurl() throws Exception {
        // curl is part of the test environment (.ci/run installs it): without it this fails, never skips.
        // The guide's request line for line: its two headers, and the body with its line break.
        Process curl = new ProcessBuilder("curl", "-s", "-X", "POST", baseUri() + "/as/token.oauth2",
                "-H", "Content-Type: application/x-www-form-urlencoded",
                "-H", "Authorization: " + SEED_AUTHORIZATION,
                "--data-binary", SEED_BODY).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).isZero();
        JsonPath body = JsonPath.from(out);
        assertThat(body.getString("token_type")).isEqualTo("Bearer");
        assertThat(body.getInt("expires_in")).isEqualTo(14400);
        assertThat(verifiedWithPfJwks(body.getString("access_token")).getStringClaimValue("scope")).isEqualTo("edit");
    }

    @Test
    void hostileInputIsRefusedCleanly() throws Exception {
        String[] bodies = {"", "=", "&&&", "grant_type=client_credentials&grant_type=client_credentials", "%zz", "scope=edit",
                "grant_type=client_credentials&scope=%00", "grant_type=" + "x".repeat(5000)};
        for (String body : bodies) {
            HttpResponse<String> response = seedRequest(SEED_AUTHORIZATION, body);
            assertThat(response.statusCode()).as(body).isBetween(400, 499);
            assertThat(JsonPath.from(response.body()).getString("error")).as(body).isNotBlank();
        }
        String[] documents = {"[]", "null", "\"x\"", "{\"clientId\": 5}", "{\"clientId\": \"a b\", \"name\": \"n\", \"grantTypes\": [\"CLIENT_CREDENTIALS\"]}",
                "{\"clientId\": \"x\", \"name\": [], \"grantTypes\": [\"CLIENT_CREDENTIALS\"]}",
                "{\"clientId\": \"3d6fb332-c435-4db7-b527-4d6bb5166fb3\", \"name\": \"n\", \"grantTypes\": [\"CLIENT_CREDENTIALS\"]}",
                "{\"clientId\": \"x\", \"name\": \"n\", \"grantTypes\": \"CLIENT_CREDENTIALS\"}",
                "{\"clientId\": \"x\", \"name\": \"n\", \"grantTypes\": [\"CLIENT_CREDENTIALS\"], \"clientAuth\": {\"type\": \"PRIVATE_KEY_JWT\"}}",
                "{\"clientId\": \"x\", \"name\": \"n\", \"grantTypes\": [\"CLIENT_CREDENTIALS\"], \"defaultAccessTokenManagerRef\": {\"id\": \"nope\"}}"};
        for (String document : documents) {
            int status = admin().body(document).post("/pf-admin-api/v1/oauth/clients").then().extract().statusCode();
            assertThat(status).as(document).isIn(400, 422);
        }
        admin().get("/pf-admin-api/v1/oauth/clients/x").then().statusCode(404);
        admin().body("{\"id\": \"short\", \"name\": \"n\", \"pluginDescriptorRef\": {\"id\": \"com.pingidentity.pf.access.token.management.plugins.JwtBearerAccessTokenManagementPlugin\"},"
                + " \"configuration\": {\"fields\": [{\"name\": \"Token Lifetime\", \"value\": \"1\"}]}}")
                .post("/pf-admin-api/v1/oauth/accessTokenManagers").then().statusCode(422)
                .body("validationErrors[0].fieldPath", equalTo("configuration.fields.Token Lifetime"));
        admin().get("/pf-admin-api/v1/oauth/accessTokenManagers/short").then().statusCode(404);
    }

    @Test
    void generatedSecretsStayTheDefaultAndAClientWithoutScopesKeepsItsManager() throws Exception {
        String created = admin().body("""
                {"clientId": "generated_client", "name": "Generated", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "restrictScopes": true, "restrictedScopes": [], "defaultAccessTokenManagerRef": {"id": "jwt"}}""")
                .post("/pf-admin-api/v1/oauth/clients").then().statusCode(201)
                .body("restrictedScopes.size()", equalTo(0))
                .extract().path("clientAuth.secret");
        assertThat(created).hasSizeGreaterThanOrEqualTo(64); // shown once, in the creation response
        admin().get("/pf-admin-api/v1/oauth/clients/generated_client").then().statusCode(200)
                .body("clientAuth.secret", equalTo(null));
        String basic = Base64.getEncoder().encodeToString(("generated_client:" + created).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = seedRequest("Basic " + basic, "grant_type=client_credentials");
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(JsonPath.from(token.body()).getInt("expires_in")).isEqualTo(14400); // jwt's lifetime, not default's
        assertThat(seedRequest("Basic " + basic, SEED_BODY).statusCode()).isEqualTo(400);
    }

    @Test
    void badAdminInputIsAValidationErrorAndChangesNothing() {
        admin().body(CC_CLIENT.replace("cc_client", "bad_scope_client").replace("[\"edit\"]", "[\"admin\"]"))
                .post("/pf-admin-api/v1/oauth/clients").then().statusCode(422)
                .body("resultId", equalTo("validation_error")).body("validationErrors[0].fieldPath", equalTo("restrictedScopes"));
        admin().body(CC_CLIENT.replace("cc_client", "short_secret_client").replace("2Federate", "short"))
                .post("/pf-admin-api/v1/oauth/clients").then().statusCode(422)
                .body("validationErrors[0].fieldPath", equalTo("clientAuth.secret"));
        admin().body(CC_CLIENT.replace("[\"CLIENT_CREDENTIALS\"]", "[\"IMPLICIT\"]").replace("cc_client", "implicit_client"))
                .post("/pf-admin-api/v1/oauth/clients").then().statusCode(422);
        admin().body(CC_CLIENT).post("/pf-admin-api/v1/oauth/clients").then().statusCode(422)
                .body("validationErrors[0].fieldPath", equalTo("clientId"));
        admin().body("{not json").post("/pf-admin-api/v1/oauth/clients").then().statusCode(400);
        for (String id : new String[] {"bad_scope_client", "short_secret_client", "implicit_client"}) {
            admin().get("/pf-admin-api/v1/oauth/clients/" + id).then().statusCode(404);
        }
    }

    // --- helpers ---

    static RequestSpecification admin() {
        // PingFederate's admin conventions: HTTP Basic and the X-XSRF-Header header.
        return given().auth().preemptive().basic(Admin.clientId(), Admin.secret())
                .header("X-XSRF-Header", "PingFederate").contentType(ContentType.JSON);
    }

    /** Sends a token request with exactly these headers and body bytes (no client library rewriting). */
    static HttpResponse<String> seedRequest(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri() + "/as/token.oauth2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static int tokenStatus(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return seedRequest("Basic " + basic, SEED_BODY).statusCode();
    }

    static JwtClaims verifiedWithPfJwks(String token) throws Exception {
        String jwks = given().get("/pf/JWKS").then().statusCode(200).extract().asString();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(new VerificationJwkSelector().select(jws, new JsonWebKeySet(jwks).getJsonWebKeys()).getKey());
        assertThat(jws.verifySignature()).isTrue();
        return JwtClaims.parse(jws.getPayload());
    }

    static String pingFederateEnvironmentId() {
        return ConfigProvider.getConfig().getValue("portcullis.pingfederate.environment-id", String.class);
    }

    static String publicUrl() {
        return ConfigProvider.getConfig().getValue("portcullis.public-url", String.class);
    }

    static String baseUri() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }
}
