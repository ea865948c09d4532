package io.portcullis.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.portcullis.support.ClientAssertions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JWT client authentication fields of {@code /v1} applications ({@code jwks}, {@code jwksUrl},
 * the two JWT methods) and the {@code tokenRevocation} switch.
 */
@QuarkusTest
class ClientKeysApiTest {

    static final PublicJsonWebKey KEY = ClientAssertions.rsaKey("k1");

    String admin;
    String env;

    @BeforeEach
    void setUp() {
        admin = Admin.token();
        env = Api.environment(admin);
    }

    @Test
    void privateKeyJwtWithAnInlineJwksObject() {
        String jwks = ClientAssertions.publicJwks(KEY);
        create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": " + jwks)
                .statusCode(201)
                .body("tokenEndpointAuthMethod", equalTo("PRIVATE_KEY_JWT"))
                .body("jwks", equalTo(jwks)) // shown as a string, as PingOne does
                .body("$", not(hasKey("jwksUrl")));
    }

    @Test
    void privateKeyJwtWithTheJwksAsAString() {
        String jwks = ClientAssertions.publicJwks(KEY).replace("\"", "\\\"");
        create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": \"" + jwks + "\"").statusCode(201);
    }

    @Test
    void privateKeyJwtWithAnHttpsJwksUrl() {
        create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwksUrl\": \"https://keys.example/jwks.json\"")
                .statusCode(201).body("jwksUrl", equalTo("https://keys.example/jwks.json"));
    }

    @Test
    void clientSecretJwtNeedsNoKeys() {
        create("\"tokenEndpointAuthMethod\": \"CLIENT_SECRET_JWT\"").statusCode(201)
                .body("tokenEndpointAuthMethod", equalTo("CLIENT_SECRET_JWT"));
    }

    @Test
    void privateKeyJwtNeedsExactlyOneKeySource() {
        invalid(create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\""), "jwks");
        invalid(create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": " + ClientAssertions.publicJwks(KEY)
                + ", \"jwksUrl\": \"https://keys.example/jwks.json\""), "jwks");
    }

    @Test
    void jwksUrlMustBeHttps() {
        for (String url : new String[] {"http://keys.example/jwks.json", "ftp://keys.example/x", "keys.example/jwks.json",
                "https:///nohost", "https://user:pw@keys.example/jwks"}) {
            invalid(create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwksUrl\": \"" + url + "\""), "jwksUrl");
        }
    }

    @Test
    void jwksMustHoldPublicSigningKeysOnly() {
        String withPrivate = new JsonWebKeySet(KEY).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        invalid(create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": " + withPrivate), "jwks");
        invalid(create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": {\"keys\": []}"), "jwks");
        invalid(create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": {\"nokeys\": 1}"), "jwks");
        invalid(create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": "
                + "{\"keys\": [{\"kty\": \"oct\", \"k\": \"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}]}"), "jwks");
        invalid(create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": 42"), "jwks");
    }

    @Test
    void rsaKeysMustHaveASaneSizeAndExponent() {
        // A huge modulus or exponent makes every verification expensive: 2048 to 8192 bits, odd e up to 2^32.
        java.math.BigInteger n = ((java.security.interfaces.RSAPublicKey) KEY.getPublicKey()).getModulus();
        java.math.BigInteger f4 = java.math.BigInteger.valueOf(65537);
        create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": " + rsaJwks(n, f4)).statusCode(201);
        java.math.BigInteger huge = java.math.BigInteger.ONE.shiftLeft(8199).setBit(0); // 8200 bits
        for (String jwks : new String[] {
                rsaJwks(huge, f4), rsaJwks(java.math.BigInteger.ONE.shiftLeft(1023).setBit(0), f4),
                rsaJwks(n, java.math.BigInteger.ONE.shiftLeft(32).add(java.math.BigInteger.ONE)),
                rsaJwks(n, java.math.BigInteger.valueOf(65536)), rsaJwks(n, java.math.BigInteger.ONE)}) {
            invalid(create("\"tokenEndpointAuthMethod\": \"PRIVATE_KEY_JWT\", \"jwks\": " + jwks), "jwks");
        }
    }

    private static String rsaJwks(java.math.BigInteger modulus, java.math.BigInteger exponent) {
        java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder().withoutPadding();
        return "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"r\", \"n\": \"" + url.encodeToString(unsigned(modulus))
                + "\", \"e\": \"" + url.encodeToString(unsigned(exponent)) + "\"}]}";
    }

    private static byte[] unsigned(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    @Test
    void keysBelongToPrivateKeyJwtOnly() {
        invalid(create("\"tokenEndpointAuthMethod\": \"CLIENT_SECRET_BASIC\", \"jwks\": " + ClientAssertions.publicJwks(KEY)), "jwks");
        invalid(create("\"tokenEndpointAuthMethod\": \"CLIENT_SECRET_JWT\", \"jwksUrl\": \"https://keys.example/jwks.json\""), "jwksUrl");
    }

    @Test
    void tokenRevocationSetsTokensNotBefore() {
        String app = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        String path = "/v1/environments/" + env + "/applications/" + app;
        Admin.as(admin).get(path).then().statusCode(200).body("$", not(hasKey("tokensNotBefore")));
        String notBefore = Admin.as(admin).post(path + "/tokenRevocation").then().statusCode(200)
                .body("application.id", equalTo(app))
                .body("_links.self.href", notNullValue())
                .extract().path("tokensNotBefore");
        assertThat(Instant.parse(notBefore)).isAfter(Instant.now().minusSeconds(5));
        Admin.as(admin).get(path).then().statusCode(200).body("tokensNotBefore", equalTo(notBefore));
        Admin.as(admin).post("/v1/environments/" + env + "/applications/" + java.util.UUID.randomUUID() + "/tokenRevocation")
                .then().statusCode(404);
    }

    @Test
    void tokenRevocationNeedsWriteConfiguration() {
        String app = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        String reader = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, env, reader, "READ_ONLY", env)).isEqualTo(201);
        String readerToken = Admin.token(env, reader, Api.secret(admin, env, reader));
        Admin.as(readerToken).post("/v1/environments/" + env + "/applications/" + app + "/tokenRevocation")
                .then().statusCode(403);
    }

    private ValidatableResponse create(String fields) {
        return Admin.as(admin).body("""
                {"name": "app-%s", "enabled": true, "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"], %s}
                """.formatted(java.util.UUID.randomUUID(), fields))
                .post("/v1/environments/" + env + "/applications").then();
    }

    private static void invalid(ValidatableResponse response, String target) {
        response.statusCode(400).body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo(target));
    }
}
