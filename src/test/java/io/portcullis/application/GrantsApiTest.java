package io.portcullis.application;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.support.Admin;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.Links;
import io.portcullis.support.TokenRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/environments/{envID}/applications/{appID}/grants} over HTTP, and what tokens it yields. */
@QuarkusTest
class GrantsApiTest {

    @Inject
    Fixtures fixtures;

    String token;
    UUID envId;
    String env;
    CreatedResource orders;
    CreatedResource billing;
    CreatedApp app;
    String base;

    @BeforeEach
    void setUp() {
        token = Admin.token();
        envId = fixtures.environment().id;
        env = envId.toString();
        orders = fixtures.resource(envId, "orders", null, "read", "write", "admin");
        billing = fixtures.resource(envId, "billing", null, "pay");
        app = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        base = "/v1/environments/" + env + "/applications/" + app.clientId() + "/grants";
    }

    @Test
    void createReadUpdateListDelete() {
        TokenRequests.request(env, app, "read").then().statusCode(400).body("error", equalTo("invalid_scope"));

        Response created = Admin.as(token).body(body(orders, "read", "write")).post(base);
        created.then().statusCode(201)
                .body("environment.id", equalTo(env))
                .body("application.id", equalTo(app.clientId()))
                .body("resource.id", equalTo(orders.resource().id.toString()))
                .body("scopes.id", containsInAnyOrder(scopeId(orders, "read"), scopeId(orders, "write")));
        String id = created.path("id");
        String self = "http://localhost:8080" + base + "/" + id;
        assertThat(created.header("Location")).isEqualTo(self);
        assertThat(created.<String>path("_links.self.href")).isEqualTo(self);
        Map<String, Object> shape = created.jsonPath().getMap("");
        assertThat(shape).containsOnlyKeys("_links", "id", "environment", "application", "resource", "scopes", "createdAt", "updatedAt");
        assertThat(created.<Map<String, Object>>path("scopes[0]")).containsOnlyKeys("id");
        // the grant is in force at once
        TokenRequests.request(env, app, null).then().statusCode(200).body("scope", equalTo("read write"));

        Admin.as(token).get(base + "/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("scopes.id", containsInAnyOrder(scopeId(orders, "read"), scopeId(orders, "write")));

        // PUT takes "write" away and gives "admin"
        Admin.as(token).body(body(orders, "read", "admin")).put(base + "/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("scopes.id", containsInAnyOrder(scopeId(orders, "read"), scopeId(orders, "admin")));
        TokenRequests.request(env, app, "write").then().statusCode(400).body("error", equalTo("invalid_scope"));
        TokenRequests.request(env, app, null).then().statusCode(200).body("scope", equalTo("admin read"));

        Admin.as(token).get(base).then().statusCode(200).body("count", equalTo(1))
                .body("_embedded.grants[0].id", equalTo(id)).body("_embedded.grants[0]._links.self.href", equalTo(self));

        Admin.as(token).delete(base + "/" + id).then().statusCode(204);
        Admin.as(token).get(base + "/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        TokenRequests.request(env, app, "read").then().statusCode(400).body("error", equalTo("invalid_scope"));
    }

    @Test
    void everyRouteNeedsAToken() {
        String id = createGrant(orders, "read");
        given().get(base).then().statusCode(401).body("code", equalTo("ACCESS_FAILED"));
        given().contentType("application/json").body(body(billing, "pay")).post(base).then().statusCode(401);
        given().get(base + "/" + id).then().statusCode(401);
        given().contentType("application/json").body(body(orders, "write")).put(base + "/" + id).then().statusCode(401);
        given().delete(base + "/" + id).then().statusCode(401);
        Admin.as(token).get(base).then().body("count", equalTo(1))
                .body("_embedded.grants[0].scopes.id", contains(scopeId(orders, "read")));
    }

    @Test
    void unknownIdsAreNotFound() {
        String id = createGrant(orders, "read");
        String apps = "/v1/environments/" + env + "/applications/";
        for (String missing : new String[] {UUID.randomUUID().toString(), "not-a-uuid"}) {
            Admin.as(token).get(base + "/" + missing).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
            Admin.as(token).body(body(orders, "write")).put(base + "/" + missing).then().statusCode(404);
            Admin.as(token).delete(base + "/" + missing).then().statusCode(404);
            Admin.as(token).get(apps + missing + "/grants").then().statusCode(404);
            Admin.as(token).body(body(orders, "write")).post(apps + missing + "/grants").then().statusCode(404);
        }
        // the grant read through another application of the same environment
        CreatedApp other = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        String otherApp = apps + other.clientId() + "/grants/" + id;
        Admin.as(token).get(otherApp).then().statusCode(404);
        Admin.as(token).body(body(orders, "write")).put(otherApp).then().statusCode(404);
        Admin.as(token).delete(otherApp).then().statusCode(404);
        // the application and grant read through another environment
        String otherEnv = "/v1/environments/" + fixtures.environment().id + "/applications/" + app.clientId() + "/grants";
        Admin.as(token).get(otherEnv).then().statusCode(404);
        Admin.as(token).get(otherEnv + "/" + id).then().statusCode(404);
        Admin.as(token).body(body(billing, "pay")).post(otherEnv).then().statusCode(404);
        Admin.as(token).body(body(orders, "write")).put(otherEnv + "/" + id).then().statusCode(404);
        Admin.as(token).delete(otherEnv + "/" + id).then().statusCode(404);
        Admin.as(token).get(base + "/" + id).then().statusCode(200).body("scopes.id", contains(scopeId(orders, "read")));
    }

    @Test
    void badBodiesAreRefusedAndChangeNothing() {
        String id = createGrant(orders, "read");
        String ordersId = orders.resource().id.toString();
        String read = scopeId(orders, "read");
        CreatedResource foreign = fixtures.resource(fixtures.environment().id, "foreign", null, "f");
        assertInvalid(post("{\"scopes\":[{\"id\":\"" + read + "\"}]}"), "resource");
        assertInvalid(post("{\"resource\":{},\"scopes\":[{\"id\":\"" + read + "\"}]}"), "resource.id");
        assertInvalid(post("{\"resource\":{\"id\":\"orders\"},\"scopes\":[{\"id\":\"" + read + "\"}]}"), "resource.id");
        assertInvalid(post("{\"resource\":{\"id\":\"" + UUID.randomUUID() + "\"},\"scopes\":[{\"id\":\"" + read + "\"}]}"),
                "resource.id");
        assertInvalid(post(body(foreign, "f")), "resource.id");
        assertInvalid(post("{\"resource\":{\"id\":\"" + billing.resource().id + "\"}}"), "scopes");
        assertInvalid(post("{\"resource\":{\"id\":\"" + billing.resource().id + "\"},\"scopes\":[]}"), "scopes");
        assertInvalid(post("{\"resource\":{\"id\":\"" + billing.resource().id + "\"},\"scopes\":\"pay\"}"), "scopes");
        assertInvalid(post("{\"resource\":{\"id\":\"" + billing.resource().id + "\"},\"scopes\":[{}]}"), "scopes[0].id");
        assertInvalid(post("{\"resource\":{\"id\":\"" + billing.resource().id + "\"},\"scopes\":[null]}"), "scopes[0]");
        assertInvalid(post("{\"resource\":{\"id\":\"" + billing.resource().id + "\"},\"scopes\":[{\"id\":\"pay\"}]}"),
                "scopes[0].id");
        assertInvalid(post("{\"resource\":{\"id\":\"" + billing.resource().id + "\"},\"scopes\":[{\"id\":\""
                + scopeId(billing, "pay") + "\"},{\"id\":\"" + UUID.randomUUID() + "\"}]}"), "scopes[1].id");
        // a scope of another resource is not a scope of this one
        assertInvalid(post("{\"resource\":{\"id\":\"" + billing.resource().id + "\"},\"scopes\":[{\"id\":\"" + read + "\"}]}"),
                "scopes[0].id");
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "{\"id\":\"" + UUID.randomUUID() + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        assertInvalid(post("{\"resource\":{\"id\":\"" + billing.resource().id + "\"},\"scopes\":" + tooMany + "}"), "scopes");
        assertInvalid(Admin.as(token).body("{\"resource\":{\"id\":\"" + ordersId + "\"},\"scopes\":[{\"id\":\""
                + scopeId(billing, "pay") + "\"}]}").put(base + "/" + id), "scopes[0].id");
        assertInvalid(Admin.as(token).body("{\"resource\":{\"id\":\"" + ordersId + "\"},\"scopes\":[]}").put(base + "/" + id),
                "scopes");

        Admin.as(token).get(base).then().body("count", equalTo(1));
        Admin.as(token).get(base + "/" + id).then().body("resource.id", equalTo(ordersId)).body("scopes.id", contains(read));
        TokenRequests.request(env, app, null).then().statusCode(200).body("scope", equalTo("read"));
    }

    @Test
    void oneGrantPerApplicationAndResource() {
        String ordersGrant = createGrant(orders, "read");
        Admin.as(token).body(body(orders, "write")).post(base).then().statusCode(409)
                .body("code", equalTo("UNIQUENESS_VIOLATION")).body("details[0].target", equalTo("resource.id"));
        String billingGrant = createGrant(billing, "pay");
        // moving the billing grant onto orders would make a second orders grant
        Admin.as(token).body(body(orders, "write")).put(base + "/" + billingGrant).then().statusCode(409)
                .body("code", equalTo("UNIQUENESS_VIOLATION"));
        Admin.as(token).get(base + "/" + billingGrant).then().body("resource.id", equalTo(billing.resource().id.toString()));
        Admin.as(token).get(base + "/" + ordersGrant).then().body("scopes.id", contains(scopeId(orders, "read")));
        Admin.as(token).get(base).then().body("count", equalTo(2));
        // another application may hold its own grant of the same resource
        CreatedApp other = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        Admin.as(token).body(body(orders, "write"))
                .post("/v1/environments/" + env + "/applications/" + other.clientId() + "/grants").then().statusCode(201);
        TokenRequests.request(env, other, null).then().statusCode(200).body("scope", equalTo("write"));
    }

    @Test
    void pagesFollowTheNextLink() {
        List<String> ids = List.of(createGrant(orders, "read"), createGrant(billing, "pay"));
        Response first = Admin.as(token).get(base + "?limit=1");
        first.then().statusCode(200).body("count", equalTo(2)).body("size", equalTo(1));
        Response second = Admin.as(token).get(Links.path(first.path("_links.next.href")));
        second.then().statusCode(200).body("count", equalTo(2)).body("size", equalTo(1)).body("_links.next", equalTo(null));
        assertThat(List.of(first.<String>path("_embedded.grants[0].id"), second.<String>path("_embedded.grants[0].id")))
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    private String createGrant(CreatedResource resource, String... scopes) {
        return Admin.as(token).body(body(resource, scopes)).post(base).then().statusCode(201).extract().path("id");
    }

    private static String body(CreatedResource resource, String... scopes) {
        String refs = java.util.Arrays.stream(scopes).map(s -> "{\"id\":\"" + scopeId(resource, s) + "\"}")
                .collect(Collectors.joining(","));
        return "{\"resource\":{\"id\":\"" + resource.resource().id + "\"},\"scopes\":[" + refs + "]}";
    }

    private static String scopeId(CreatedResource resource, String name) {
        return resource.scopes().get(name).id.toString();
    }

    private Response post(String body) {
        return Admin.as(token).body(body).post(base);
    }

    private static void assertInvalid(Response response, String target) {
        response.then().statusCode(400).body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo(target));
    }
}
