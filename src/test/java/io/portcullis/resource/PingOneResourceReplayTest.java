package io.portcullis.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.environment.Environment;
import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bodies PingOne's Go SDK ({@code patrickcping/pingone-go-sdk-v2}, management/model_resource*.go)
 * and Terraform provider ({@code pingidentity/terraform-provider-pingone}, internal/service/sso) send
 * for resources, their scopes and their secrets, replayed verbatim (Go writes map keys sorted); and
 * introspection by a resource server with its resource's own credentials.
 */
@QuarkusTest
class PingOneResourceReplayTest {

    @Inject
    Fixtures fixtures;

    String token;
    Environment env;
    String base;

    @BeforeEach
    void setUp() {
        token = Admin.token();
        env = fixtures.environment();
        base = "/v1/environments/" + env.id + "/resources";
    }

    /**
     * internal/service/sso/resource_resource.go, {@code ResourceResourceModel.expand} with the schema's
     * defaults (introspect_endpoint_auth_method CLIENT_SECRET_BASIC, application_permissions_settings
     * {claim_enabled false}, audience = name); toState reads every field back.
     */
    @Test
    void terraformResourceCreateReadUpdate() {
        String body = """
                {"accessTokenValiditySeconds":3600,"applicationPermissionsSettings":{"claimEnabled":false},\
                "audience":"invoices","description":"Invoices API","introspectEndpointAuthMethod":"CLIENT_SECRET_BASIC",\
                "name":"invoices","type":"CUSTOM"}""";
        Response created = Admin.as(token).body(body).post(base);
        created.then().statusCode(201)
                .body("type", equalTo("CUSTOM"))
                .body("audience", equalTo("invoices"))
                .body("accessTokenValiditySeconds", equalTo(3600))
                .body("introspectEndpointAuthMethod", equalTo("CLIENT_SECRET_BASIC"))
                .body("applicationPermissionsSettings.claimEnabled", equalTo(false))
                .body("environment.id", equalTo(env.id.toString()));
        String id = created.path("id");

        String update = body.replace("CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST").replace("\"claimEnabled\":false", "\"claimEnabled\":true")
                .replace("3600", "7200");
        Admin.as(token).body(update).put(base + "/" + id).then().statusCode(200)
                .body("introspectEndpointAuthMethod", equalTo("CLIENT_SECRET_POST"))
                .body("applicationPermissionsSettings.claimEnabled", equalTo(true))
                .body("accessTokenValiditySeconds", equalTo(7200));
        Admin.as(token).get(base + "/" + id).then().statusCode(200)
                .body("introspectEndpointAuthMethod", equalTo("CLIENT_SECRET_POST"))
                .body("applicationPermissionsSettings.claimEnabled", equalTo(true));

        // Bad values: PingOne's error body naming the field.
        Admin.as(token).body(body.replace("CLIENT_SECRET_BASIC", "PRIVATE_KEY_JWT").replace("invoices", "x"))
                .post(base).then().statusCode(400).body("code", equalTo("INVALID_DATA"))
                .body("details[0].target", equalTo("introspectEndpointAuthMethod"));
        Admin.as(token).body(body.replace("\"claimEnabled\":false", "\"claimEnabled\":false,\"extra\":1").replace("invoices", "y"))
                .post(base).then().statusCode(400).body("code", equalTo("INVALID_DATA"));
    }

    /**
     * internal/service/sso/resource_resource.go Read: ReadResourceSecret
     * (management/api_resource_client_secret.go, model_resource_secret.go {environment, secret});
     * CreateResourceSecret is a POST without a body.
     */
    @Test
    void resourceSecretReadAndRotate() {
        String id = Admin.as(token).body("{\"name\":\"ledger\",\"type\":\"CUSTOM\"}").post(base).then().statusCode(201).extract().path("id");
        Map<String, Object> secret = Admin.as(token).get(base + "/" + id + "/secret").then().statusCode(200)
                .header("Cache-Control", "no-store").header("Pragma", "no-cache") // a secret is never cached
                .body("environment.id", equalTo(env.id.toString()))
                .body("secret", matchesPattern("[A-Za-z0-9._~-]{64}"))
                .extract().jsonPath().getMap("");
        assertThat(secret).containsOnlyKeys("environment", "secret");
        Admin.as(token).get(base + "/" + id + "/secret").then().body("secret", equalTo(secret.get("secret")));

        String rotated = given().header("Authorization", "Bearer " + token).post(base + "/" + id + "/secret")
                .then().statusCode(200).header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .body("environment.id", equalTo(env.id.toString())).extract().path("secret");
        assertThat(rotated).isNotEqualTo(secret.get("secret")).hasSize(64);
        Admin.as(token).get(base + "/" + id + "/secret").then().body("secret", equalTo(rotated));

        // Another environment's resource, a lower role, an anonymous caller: nothing.
        Admin.as(token).get("/v1/environments/" + Api.environment(token) + "/resources/" + id + "/secret").then().statusCode(404);
        given().get(base + "/" + id + "/secret").then().statusCode(401);
        String app = Api.application(token, env.id.toString(), "CLIENT_SECRET_BASIC");
        Api.assignRole(token, env.id.toString(), app, "READ_ONLY", env.id.toString());
        String readOnly = Admin.token(env.id.toString(), app, Api.secret(token, env.id.toString(), app));
        Admin.as(readOnly).get(base + "/" + id + "/secret").then().statusCode(403);
        given().header("Authorization", "Bearer " + readOnly).post(base + "/" + id + "/secret").then().statusCode(403);
        Admin.as(token).get(base + "/" + id + "/secret").then().body("secret", equalTo(rotated));
    }

    /** PingOne lets a resource server introspect with its resource's id and secret, per introspectEndpointAuthMethod. */
    @Test
    void aResourceIntrospectsItsOwnTokensOnly() {
        CreatedResource orders = fixtures.resource(env.id, "orders", 600, "orders:read");
        CreatedResource billing = fixtures.resource(env.id, "billing", 600, "billing:read");
        CreatedApp client = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, client.app().id, orders, "orders:read");
        fixtures.grant(env.id, client.app().id, billing, "billing:read");
        String ordersToken = Tokens.accessToken(env.id.toString(), client, "&scope=orders:read");
        String billingToken = Tokens.accessToken(env.id.toString(), client, "&scope=billing:read");
        String ordersId = orders.resource().id.toString();
        String ordersSecret = Admin.as(token).get(base + "/" + ordersId + "/secret").then().extract().path("secret");

        // CLIENT_SECRET_BASIC (the default).
        basic(ordersId, ordersSecret, ordersToken).then().statusCode(200)
                .body("active", equalTo(true)).body("aud", equalTo("orders")).body("sub", equalTo(client.clientId()));
        // Another resource's token is not its business.
        basic(ordersId, ordersSecret, billingToken).then().statusCode(200).body("active", equalTo(false));
        // Wrong secret, or a method the resource does not use: invalid_client, as for an application.
        basic(ordersId, "x".repeat(64), ordersToken).then().statusCode(401).body("error", equalTo("invalid_client"));
        post(ordersId, ordersSecret, ordersToken).then().statusCode(401).body("error", equalTo("invalid_client"));
        none(ordersId, ordersToken).then().statusCode(401).body("error", equalTo("invalid_client"));

        // CLIENT_SECRET_POST.
        setMethod(orders, "CLIENT_SECRET_POST");
        post(ordersId, ordersSecret, ordersToken).then().statusCode(200).body("active", equalTo(true));
        basic(ordersId, ordersSecret, ordersToken).then().statusCode(401);

        // NONE: the resource's id alone (PingOne's option for resource servers without a secret).
        setMethod(orders, "NONE");
        none(ordersId, ordersToken).then().statusCode(200).body("active", equalTo(true));
        none(ordersId, billingToken).then().statusCode(200).body("active", equalTo(false));

        // A rotated secret replaces the old one at once.
        setMethod(orders, "CLIENT_SECRET_BASIC");
        String rotated = given().header("Authorization", "Bearer " + token).post(base + "/" + ordersId + "/secret")
                .then().statusCode(200).extract().path("secret");
        basic(ordersId, ordersSecret, ordersToken).then().statusCode(401);
        basic(ordersId, rotated, ordersToken).then().statusCode(200).body("active", equalTo(true));

        // Applications introspect as before.
        Tokens.introspect(env.id.toString(), client, billingToken).then().statusCode(200).body("active", equalTo(true));

        // Another environment's introspection endpoint does not know the resource.
        Environment other = fixtures.environment();
        given().auth().preemptive().basic(ordersId, rotated).contentType("application/x-www-form-urlencoded")
                .body("token=" + ordersToken).post("/" + other.id + "/as/introspect")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    /**
     * internal/service/sso/resource_resource_scope.go ({@code ResourceScopeResourceModel.expand}: name and
     * description) and model_resource_scope.go; a GET body sent back with PUT, read-only {@code resource}
     * and {@code environment} included.
     */
    @Test
    void terraformScopeBodiesAndRoundTrip() {
        CreatedResource orders = fixtures.resource(env.id, "orders", 600);
        String scopes = base + "/" + orders.resource().id + "/scopes";
        String id = Admin.as(token).body("{\"description\":\"Read orders\",\"name\":\"orders:read\"}").post(scopes)
                .then().statusCode(201).body("resource.id", equalTo(orders.resource().id.toString()))
                .body("environment.id", equalTo(env.id.toString())).extract().path("id");
        Map<String, Object> read = Admin.as(token).get(scopes + "/" + id).then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> written = Admin.as(token).body(read).put(scopes + "/" + id).then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertThat(without(written, "updatedAt")).isEqualTo(without(read, "updatedAt"));

        // schemaAttributes and mappedClaims belong to PingOne's built-in resources only.
        Admin.as(token).body("{\"name\":\"x\",\"schemaAttributes\":[\"name.given\"]}").post(scopes).then().statusCode(400)
                .body("details[0].target", equalTo("schemaAttributes"));
        Admin.as(token).body("{\"name\":\"x\",\"mappedClaims\":[\"" + java.util.UUID.randomUUID() + "\"]}").post(scopes)
                .then().statusCode(400).body("details[0].target", equalTo("mappedClaims"));
        Admin.as(token).body("{\"name\":\"x\",\"schemaAttributes\":[],\"mappedClaims\":[]}").post(scopes).then().statusCode(201);

        // internal/service/sso data sources look scopes up by name.
        Admin.as(token).queryParam("filter", "name eq \"orders:read\"").get(scopes).then().statusCode(200)
                .body("_embedded.scopes.id", equalTo(List.of(id)));
        Admin.as(token).queryParam("filter", "description eq \"x\"").get(scopes).then().statusCode(400)
                .body("details[0].code", equalTo("INVALID_FILTER"));
    }

    /** A resource read with GET and sent back with PUT changes nothing. */
    @Test
    void resourceRoundTrip() {
        String id = Admin.as(token).body("{\"name\":\"rt\",\"audience\":\"https://rt.example\",\"introspectEndpointAuthMethod\":\"NONE\","
                + "\"applicationPermissionsSettings\":{\"claimEnabled\":true}}").post(base).then().statusCode(201).extract().path("id");
        Map<String, Object> read = Admin.as(token).get(base + "/" + id).then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> written = Admin.as(token).body(read).put(base + "/" + id).then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(without(written, "updatedAt")).isEqualTo(without(read, "updatedAt"));

        Admin.as(token).queryParam("filter", "name eq \"rt\"").get(base).then().statusCode(200)
                .body("_embedded.resources.id", equalTo(List.of(id)));
        Admin.as(token).queryParam("filter", "audience sw \"https://rt.\"").get(base).then().statusCode(200).body("count", equalTo(1));
        Admin.as(token).queryParam("filter", "name eq \"nothing\"").get(base).then().statusCode(200).body("count", equalTo(0));
    }

    private void setMethod(CreatedResource resource, String method) {
        Admin.as(token).body("{\"name\":\"" + resource.resource().name + "\",\"audience\":\"" + resource.resource().audience
                + "\",\"accessTokenValiditySeconds\":600,\"introspectEndpointAuthMethod\":\"" + method + "\"}")
                .put(base + "/" + resource.resource().id).then().statusCode(200);
    }

    private Response basic(String resourceId, String secret, String accessToken) {
        return given().auth().preemptive().basic(resourceId, secret).contentType("application/x-www-form-urlencoded")
                .body("token=" + accessToken).post("/" + env.id + "/as/introspect");
    }

    private Response post(String resourceId, String secret, String accessToken) {
        return given().contentType("application/x-www-form-urlencoded")
                .body("client_id=" + resourceId + "&client_secret=" + secret + "&token=" + accessToken)
                .post("/" + env.id + "/as/introspect");
    }

    private Response none(String resourceId, String accessToken) {
        return given().contentType("application/x-www-form-urlencoded")
                .body("client_id=" + resourceId + "&token=" + accessToken).post("/" + env.id + "/as/introspect");
    }

    private static Map<String, Object> without(Map<String, Object> map, String key) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(map);
        copy.remove(key);
        return copy;
    }
}
