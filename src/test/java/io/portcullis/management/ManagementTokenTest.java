package io.portcullis.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.signing.ActiveKey;
import io.portcullis.signing.KeyRing;
import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.TestClock;
import io.portcullis.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management API takes only active tokens issued for it, checked by the verifier that
 * introspection, revocation and token exchange use too. Replayed over HTTP: a scope token of a
 * resource that holds the management audience (created before that audience was reserved), a
 * token exchanged from a revoked one, a token signed by the right key with the wrong {@code typ},
 * and an expired one by the service's clock; the management token beside them works.
 */
@QuarkusTest
class ManagementTokenTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    @Inject
    KeyRing keyRing;

    @Inject
    TestClock clock;

    @Inject
    ObjectMapper json;

    Environment env;
    CreatedResource legacy;
    CreatedApp app;
    String managementToken;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        CreatedResource orders = fixtures.resource(env.id, "orders", 3600, "read");
        // as a resource created before the management audience was reserved (the API now refuses it)
        legacy = fixtures.resource(env.id, config.managementAudience(), 2_592_000, "read");
        app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                GrantType.CLIENT_CREDENTIALS, GrantType.TOKEN_EXCHANGE);
        fixtures.grant(env.id, app.app().id, orders, "read");
        fixtures.grant(env.id, app.app().id, legacy, "read");
        assertThat(Api.assignRole(Admin.token(), envId(), app.clientId(), "ORGANIZATION_ADMIN", null)).isEqualTo(201);
        managementToken = Tokens.accessToken(envId(), app, "&resource=" + config.managementAudience());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String envId() {
        return env.id.toString();
    }

    private int createEnvironmentWith(String token) {
        return Admin.as(token).body("{\"name\":\"env-" + java.util.UUID.randomUUID() + "\"}").post("/v1/environments").statusCode();
    }

    @Test
    void aScopeTokenWithTheManagementAudienceIsNotAManagementToken() {
        // an administrator's application granted the resource's scope, as in the attack
        CreatedApp granted = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, granted.app().id, legacy, "read");
        assertThat(Api.assignRole(Admin.token(), envId(), granted.clientId(), "ORGANIZATION_ADMIN", null)).isEqualTo(201);
        String scopeToken = Tokens.accessToken(envId(), granted, "");
        assertThat(claims(scopeToken)).containsEntry("aud", config.managementAudience()).containsEntry("scope", "read");
        assertThat(createEnvironmentWith(scopeToken)).isEqualTo(401);
        String itsManagementToken = Tokens.accessToken(envId(), granted, "&resource=" + config.managementAudience());
        assertThat(createEnvironmentWith(itsManagementToken)).isEqualTo(201);
    }

    @Test
    void aTokenExchangedFromARevokedTokenWorksNowhere() {
        String subject = Tokens.accessToken(envId(), app, "&resource=orders");
        String exchanged = Tokens.exchange(envId(), app, subject, "&resource=" + config.managementAudience())
                .then().statusCode(200).extract().path("access_token");
        assertThat(claims(exchanged)).containsEntry("aud", config.managementAudience());
        Tokens.introspect(envId(), app, exchanged).then().body("active", equalTo(true));
        Admin.as(exchanged).get("/v1/environments/" + envId()).then().statusCode(401);

        Tokens.revoke(envId(), app, subject).then().statusCode(200);

        Tokens.introspect(envId(), app, exchanged).then().body("active", equalTo(false));
        Tokens.exchange(envId(), app, exchanged, "&resource=orders").then().statusCode(400);
        Admin.as(exchanged).get("/v1/environments/" + envId()).then().statusCode(401);
        Admin.as(managementToken).get("/v1/environments/" + envId()).then().statusCode(200);
    }

    @Test
    void aManagementTokenNeedsTypAtJwt() throws Exception {
        assertThat(createEnvironmentWith(resigned(managementToken, "at+jwt"))).as("re-signed as issued").isEqualTo(201);
        assertThat(createEnvironmentWith(resigned(managementToken, "JWT"))).isEqualTo(401);
        assertThat(createEnvironmentWith(resigned(managementToken, null))).isEqualTo(401);
    }

    @Test
    void aManagementTokenExpiresByTheServicesClock() {
        Admin.as(managementToken).get("/v1/environments/" + envId()).then().statusCode(200);
        clock.advance(Duration.ofHours(2)); // management tokens live one hour
        Admin.as(managementToken).get("/v1/environments/" + envId()).then().statusCode(401);
        Tokens.introspect(envId(), app, managementToken).then().body("active", equalTo(false));
    }

    @Test
    void aRevokedManagementTokenStopsWorking() {
        Admin.as(managementToken).get("/v1/environments/" + envId()).then().statusCode(200);
        Tokens.revoke(envId(), app, managementToken).then().statusCode(200);
        Admin.as(managementToken).get("/v1/environments/" + envId()).then().statusCode(401);
    }

    /** The token's claims signed again with the environment's signing key, under the given {@code typ}. */
    private String resigned(String token, String typ) throws Exception {
        ActiveKey key = keyRing.keysOf(env.id).signer().orElseThrow();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        jws.setAlgorithmHeaderValue(key.algorithm().jwsAlgorithm());
        jws.setKeyIdHeaderValue(key.kid());
        if (typ != null) {
            jws.setHeader("typ", typ);
        }
        jws.setKey(key.privateKey());
        return jws.getCompactSerialization();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> claims(String token) {
        try {
            return json.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]), Map.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
