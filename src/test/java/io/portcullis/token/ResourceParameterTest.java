package io.portcullis.token;

import static io.portcullis.support.Tokens.post;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RFC 8707 {@code resource} parameter at the token endpoint (client_credentials). */
@QuarkusTest
class ResourceParameterTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    Environment env;
    CreatedApp app;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        CreatedResource orders = fixtures.resource(env.id, "https://orders.example", null, "orders:read", "orders:write");
        CreatedResource billing = fixtures.resource(env.id, "billing", null, "billing:read");
        fixtures.resource(env.id, "ungranted", null, "x");
        app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, app.app().id, orders, "orders:read", "orders:write");
        fixtures.grant(env.id, app.app().id, billing, "billing:read");
    }

    @Test
    void withTwoGrantedResourcesTheResourceParameterPicksOne() {
        // Without it, no scope and two resources is invalid_scope (the wire contract).
        post(envId(), "token", app, "grant_type=client_credentials").then().statusCode(400).body("error", equalTo("invalid_scope"));
        String token = post(envId(), "token", app, "grant_type=client_credentials&resource=https://orders.example")
                .then().statusCode(200).body("scope", equalTo("orders:read orders:write")).extract().path("access_token");
        Jwts.verify(envId(), token, config.issuer(env.id), "https://orders.example");
        post(envId(), "token", app, "grant_type=client_credentials&resource=billing")
                .then().statusCode(200).body("scope", equalTo("billing:read"));
    }

    @Test
    void scopeNarrowsWithinTheResource() {
        post(envId(), "token", app, "grant_type=client_credentials&resource=https://orders.example&scope=orders:write")
                .then().statusCode(200).body("scope", equalTo("orders:write"));
        // A scope of another resource is dropped; nothing left is invalid_scope.
        post(envId(), "token", app, "grant_type=client_credentials&resource=https://orders.example&scope=orders:read billing:read")
                .then().statusCode(200).body("scope", equalTo("orders:read"));
        post(envId(), "token", app, "grant_type=client_credentials&resource=https://orders.example&scope=billing:read")
                .then().statusCode(400).body("error", equalTo("invalid_scope"));
    }

    @Test
    void unknownOrUngrantedResourceIsInvalidTarget() {
        post(envId(), "token", app, "grant_type=client_credentials&resource=https://nowhere.example")
                .then().statusCode(400).body("error", equalTo("invalid_target"));
        post(envId(), "token", app, "grant_type=client_credentials&resource=ungranted")
                .then().statusCode(400).body("error", equalTo("invalid_target"));
    }

    @Test
    void aRepeatedResourceIsInvalidRequest() {
        post(envId(), "token", app, "grant_type=client_credentials&resource=billing&resource=https://orders.example")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    private String envId() {
        return env.id.toString();
    }
}
