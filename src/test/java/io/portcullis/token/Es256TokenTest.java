package io.portcullis.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.signing.SignatureAlgorithm;
import io.portcullis.signing.SigningKey;
import io.portcullis.signing.SigningKeyService;
import io.portcullis.signing.SigningKeyService.KeySpec;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** An environment whose default key is EC P-256 issues ES256 tokens that verify against its JWKS. */
@QuarkusTest
class Es256TokenTest {

    @Inject
    Fixtures fixtures;

    @Inject
    SigningKeyService keys;

    @Inject
    PortcullisConfig config;

    @Inject
    io.portcullis.signing.KeyRotationPolicyService rotationPolicies;

    @Test
    void tokensSignedWithAnEcDefaultKeyVerifyAgainstTheJwks() throws Exception {
        Environment env = fixtures.environment();
        CreatedApp app = fixtures.ordersReader(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
        rotationPolicies.assign(env.id, app.app().id, null); // signs with the default manual key, not a policy's
        String rsaToken = token(env, app); // the RSA key the environment started with, now held in memory
        SigningKey ec = keys.create(env.id,
                new KeySpec("EC", 256, SignatureAlgorithm.SHA256withECDSA, Instant.now().plusSeconds(86400)), true);

        for (int i = 0; i < 3; i++) { // the per-thread signature is reused across tokens
            String token = token(env, app);
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
            assertThat(header).contains("\"alg\":\"ES256\"").contains("\"kid\":\"" + ec.id + "\"");
            // RFC 7518 §3.4: R || S, 64 bytes for P-256, not DER.
            assertThat(Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1))).hasSize(64);
            JwtClaims claims = Jwts.verify(env.id.toString(), token, config.issuer(env.id), "orders");
            assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(app.clientId());
        }
        // Tokens of the previous default key still verify: it stays published.
        Jwts.verify(env.id.toString(), rsaToken, config.issuer(env.id), "orders");
    }

    private static String token(Environment env, CreatedApp app) {
        return given().contentType("application/x-www-form-urlencoded")
                .auth().preemptive().basic(app.clientId(), app.secret())
                .body("grant_type=client_credentials")
                .post("/" + env.id + "/as/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }
}
