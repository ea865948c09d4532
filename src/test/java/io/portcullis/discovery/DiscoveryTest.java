package io.portcullis.discovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JWKS (RFC 7517) and the two discovery documents (RFC 8414, OpenID Discovery) over HTTP. */
@QuarkusTest
class DiscoveryTest {

    static final List<String> DOCUMENTS = List.of("/as/.well-known/openid-configuration", "/as/.well-known/oauth-authorization-server");

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    Environment env;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
    }

    @Test
    void jwksPublishesTheRsaKeyWithEveryMember() {
        JsonPath jwks = given().get("/" + env.id + "/as/jwks").then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .extract().jsonPath();
        List<Map<String, Object>> keys = jwks.getList("keys");
        // the default manual key, and the default key rotation policy's current and next keys
        assertThat(keys).hasSize(3);
        for (Map<String, Object> key : keys) {
            assertRsaKey(key);
        }
    }

    private static void assertRsaKey(Map<String, Object> key) {
        assertThat(key).containsEntry("kty", "RSA").containsEntry("use", "sig").containsEntry("alg", "RS256")
                .containsKeys("kid", "n", "e");
        assertThat(key).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi"); // never the private half
        // RFC 7518 §6.3.1: Base64urlUInt, no padding, no sign byte.
        assertThat(key.get("e")).isEqualTo("AQAB");
        byte[] modulus = Base64.getUrlDecoder().decode((String) key.get("n"));
        assertThat(modulus).hasSize(256);
        assertThat(new BigInteger(1, modulus).bitLength()).isEqualTo(2048);
        assertThat((String) key.get("n")).doesNotContain("=", "+", "/");
    }

    @Test
    void tokensNameAPublishedKey() throws Exception {
        CreatedApp app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        var resource = fixtures.resource(env.id, "orders", null, "read");
        fixtures.grant(env.id, app.app().id, resource, "read");
        String token = given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + app.clientId() + "&client_secret=" + app.secret())
                .post("/" + env.id + "/as/token").then().statusCode(200).extract().path("access_token");
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        List<String> kids = given().get("/" + env.id + "/as/jwks").then().extract().path("keys.kid");
        assertThat(kids).anyMatch(kid -> header.contains("\"kid\":\"" + kid + "\""));
        Jwts.verify(env.id.toString(), token, config.issuer(env.id), "orders");
    }

    @Test
    void environmentsHaveTheirOwnKeys() {
        Environment other = fixtures.environment();
        String mine = given().get("/" + env.id + "/as/jwks").then().extract().path("keys[0].kid");
        String theirs = given().get("/" + other.id + "/as/jwks").then().extract().path("keys[0].kid");
        assertThat(mine).isNotEqualTo(theirs);
    }

    @Test
    void bothDiscoveryDocumentsDescribeTheEnvironment() {
        String issuer = config.issuer(env.id);
        assertThat(issuer).isEqualTo(config.publicUrl() + "/" + env.id + "/as");
        for (String document : DOCUMENTS) {
            given().get("/" + env.id + document).then()
                    .statusCode(200)
                    .contentType(startsWith("application/json"))
                    // RFC 8414 §3.3: the issuer in the document is the one it was fetched for.
                    .body("issuer", equalTo(issuer))
                    .body("token_endpoint", equalTo(issuer + "/token"))
                    .body("jwks_uri", equalTo(issuer + "/jwks"))
                    .body("grant_types_supported", equalTo(List.of("client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange")))
                    .body("token_endpoint_auth_methods_supported", hasItems("client_secret_basic", "client_secret_post"))
                    .body("response_types_supported", equalTo(List.of()))
                    .body("access_token_signing_alg_values_supported", hasItems("RS256"));
        }
        // The OpenID document is the RFC 8414 one plus what OpenID Connect Discovery 1.0 §3 requires.
        Map<String, Object> openId = new java.util.LinkedHashMap<>(given().get("/" + env.id + DOCUMENTS.get(0)).jsonPath().getMap(""));
        Map<String, Object> oauth = given().get("/" + env.id + DOCUMENTS.get(1)).jsonPath().getMap("");
        assertThat(openId.remove("id_token_signing_alg_values_supported")).isEqualTo(List.of("RS256"));
        assertThat(openId).isEqualTo(oauth);
        assertThat(oauth.get("subject_types_supported")).isEqualTo(List.of("public"));
    }

    @Test
    void advertisedEndpointsAnswerOnThisServer() {
        String body = given().get("/" + env.id + DOCUMENTS.get(1)).asString();
        JsonPath doc = JsonPath.from(body);
        // The documents use the public URL; the paths are what this server serves.
        given().get(URI.create(doc.getString("jwks_uri")).getPath()).then().statusCode(200).body("keys.size()", equalTo(3));
        given().contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials")
                .post(URI.create(doc.getString("token_endpoint")).getPath())
                .then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void unknownEnvironmentIsNotFound() {
        UUID unknown = UUID.randomUUID();
        for (String path : List.of("/as/jwks", DOCUMENTS.get(0), DOCUMENTS.get(1))) {
            given().get("/" + unknown + path).then().statusCode(404).body("keys", equalTo(null)).body("issuer", equalTo(null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g", "0-0-0-0-0",
        "00000000-0000-0000-0000-0000000000001", "%20", "%00", "..%2F..%2Fetc",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void malformedEnvironmentIdIsNotFoundNotAServerError(String envId) {
        for (String path : List.of("/as/jwks", DOCUMENTS.get(0), DOCUMENTS.get(1))) {
            given().urlEncodingEnabled(false).get("/" + envId + path).then().statusCode(404);
        }
    }

    @Test
    void deletedEnvironmentDisappears() {
        Environment doomed = fixtures.environment();
        given().get("/" + doomed.id + "/as/jwks").then().statusCode(200);
        fixtures.deleteEnvironment(doomed.id);
        given().get("/" + doomed.id + "/as/jwks").then().statusCode(404);
        given().get("/" + doomed.id + DOCUMENTS.get(0)).then().statusCode(404);
    }
}
