package io.portcullis.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.support.Admin;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Links;
import io.portcullis.support.TokenRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/environments/{envID}/resources/{resourceID}/scopes} over HTTP. */
@QuarkusTest
class ScopesApiTest {

    @Inject
    Fixtures fixtures;

    String token;
    String env;
    String resource;
    String base;

    @BeforeEach
    void setUp() {
        token = Admin.token();
        env = fixtures.environment().id.toString();
        resource = fixtures.resource(UUID.fromString(env), "orders", null).resource().id.toString();
        base = "/v1/environments/" + env + "/resources/" + resource + "/scopes";
    }

    @Test
    void createReadUpdateListDelete() {
        Response created = Admin.as(token).body("{\"name\":\"orders:read\",\"description\":\"Read orders\"}").post(base);
        created.then().statusCode(201)
                .body("name", equalTo("orders:read"))
                .body("description", equalTo("Read orders"))
                .body("resource.id", equalTo(resource));
        String id = created.path("id");
        String self = "http://localhost:8080" + base + "/" + id;
        assertThat(created.header("Location")).isEqualTo(self);
        assertThat(created.<String>path("_links.self.href")).isEqualTo(self);
        Map<String, Object> shape = created.jsonPath().getMap("");
        assertThat(shape).containsOnlyKeys("_links", "id", "resource", "environment", "name", "description", "createdAt", "updatedAt");

        Admin.as(token).get(base + "/" + id).then().statusCode(200).body("id", equalTo(id)).body("name", equalTo("orders:read"));
        Admin.as(token).body("{\"name\":\"orders.read\"}").put(base + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("orders.read")).body("description", equalTo(null));
        Admin.as(token).get(base).then().statusCode(200).body("count", equalTo(1))
                .body("_embedded.scopes[0].name", equalTo("orders.read"))
                .body("_embedded.scopes[0]._links.self.href", equalTo(self));
        Admin.as(token).delete(base + "/" + id).then().statusCode(204);
        Admin.as(token).get(base + "/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        Admin.as(token).get(base).then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void everyRouteNeedsAToken() {
        String id = createScope("a");
        given().get(base).then().statusCode(401).body("code", equalTo("ACCESS_FAILED"));
        given().contentType("application/json").body("{\"name\":\"x\"}").post(base).then().statusCode(401);
        given().get(base + "/" + id).then().statusCode(401);
        given().contentType("application/json").body("{\"name\":\"x\"}").put(base + "/" + id).then().statusCode(401);
        given().delete(base + "/" + id).then().statusCode(401);
        Admin.as(token).get(base).then().body("count", equalTo(1)).body("_embedded.scopes[0].name", equalTo("a"));
    }

    @Test
    void unknownIdsAreNotFound() {
        String id = createScope("a");
        String envBase = "/v1/environments/" + env + "/resources/";
        for (String missing : new String[] {UUID.randomUUID().toString(), "not-a-uuid"}) {
            Admin.as(token).get(base + "/" + missing).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
            Admin.as(token).body("{\"name\":\"x\"}").put(base + "/" + missing).then().statusCode(404);
            Admin.as(token).delete(base + "/" + missing).then().statusCode(404);
            Admin.as(token).get(envBase + missing + "/scopes").then().statusCode(404);
            Admin.as(token).body("{\"name\":\"x\"}").post(envBase + missing + "/scopes").then().statusCode(404);
        }
        // a scope read through another resource of the same environment
        String billing = fixtures.resource(UUID.fromString(env), "billing", null).resource().id.toString();
        Admin.as(token).get(envBase + billing + "/scopes/" + id).then().statusCode(404);
        Admin.as(token).body("{\"name\":\"x\"}").put(envBase + billing + "/scopes/" + id).then().statusCode(404);
        Admin.as(token).delete(envBase + billing + "/scopes/" + id).then().statusCode(404);
        // the resource and scope read through another environment
        String otherBase = "/v1/environments/" + fixtures.environment().id + "/resources/" + resource + "/scopes";
        Admin.as(token).get(otherBase).then().statusCode(404);
        Admin.as(token).get(otherBase + "/" + id).then().statusCode(404);
        Admin.as(token).body("{\"name\":\"x\"}").post(otherBase).then().statusCode(404);
        Admin.as(token).body("{\"name\":\"x\"}").put(otherBase + "/" + id).then().statusCode(404);
        Admin.as(token).delete(otherBase + "/" + id).then().statusCode(404);
        Admin.as(token).get(base).then().body("count", equalTo(1)).body("_embedded.scopes[0].name", equalTo("a"));
    }

    @Test
    void badBodiesAreRefusedAndChangeNothing() {
        String id = createScope("a");
        assertInvalid(post("{\"description\":\"no name\"}"), "name");
        assertInvalid(post("{\"name\":\"\"}"), "name");
        assertInvalid(post("{\"name\":\"orders read\"}"), "name");
        assertInvalid(post("{\"name\":\" orders\"}"), "name");
        assertInvalid(post("{\"name\":\"a\\\"b\"}"), "name");
        assertInvalid(post("{\"name\":\"a\\\\b\"}"), "name");
        assertInvalid(post("{\"name\":\"tab\\there\"}"), "name");
        assertInvalid(post("{\"name\":\"caf\u00e9\"}"), "name");
        assertInvalid(post("{\"name\":{\"x\":1}}"), "name");
        assertInvalid(post("{\"name\":\"ok\",\"description\":\"" + "d".repeat(1025) + "\"}"), "description");
        assertInvalid(Admin.as(token).body("{\"name\":\"a b\"}").put(base + "/" + id), "name");
        Admin.as(token).get(base).then().body("count", equalTo(1));
        Admin.as(token).get(base + "/" + id).then().body("name", equalTo("a"));
        // every scope-token character that is not a space, '"' or '\' is fine (RFC 6749 §3.3)
        Admin.as(token).body("{\"name\":\"urn:x-api/orders.read!#$%&'()*+,-;<=>?@[]^_`{|}~\"}").post(base)
                .then().statusCode(201);
    }

    @Test
    void namesAreUniqueInAResource() {
        String read = createScope("read");
        String write = createScope("write");
        Admin.as(token).body("{\"name\":\"read\"}").post(base).then().statusCode(409)
                .body("code", equalTo("UNIQUENESS_VIOLATION")).body("details[0].target", equalTo("name"));
        Admin.as(token).body("{\"name\":\"read\"}").put(base + "/" + write).then().statusCode(409);
        Admin.as(token).get(base + "/" + write).then().body("name", equalTo("write"));
        Admin.as(token).get(base).then().body("count", equalTo(2));
        Admin.as(token).body("{\"name\":\"read\",\"description\":\"same name\"}").put(base + "/" + read).then().statusCode(200);
        // the same name in another resource is another scope
        String billing = fixtures.resource(UUID.fromString(env), "billing", null).resource().id.toString();
        Admin.as(token).body("{\"name\":\"read\"}").post("/v1/environments/" + env + "/resources/" + billing + "/scopes")
                .then().statusCode(201);
    }

    @Test
    void pagesFollowTheNextLink() {
        List<String> ids = List.of(createScope("a"), createScope("b"));
        Response first = Admin.as(token).get(base + "?limit=1");
        first.then().statusCode(200).body("count", equalTo(2)).body("size", equalTo(1));
        String firstId = first.path("_embedded.scopes[0].id");
        Response second = Admin.as(token).get(Links.path(first.path("_links.next.href")));
        second.then().statusCode(200).body("count", equalTo(2)).body("size", equalTo(1))
                .body("_embedded.scopes.id", not(hasItem(firstId))).body("_links.next", equalTo(null));
        assertThat(List.of(firstId, second.<String>path("_embedded.scopes[0].id"))).containsExactlyInAnyOrderElementsOf(ids);
    }

    /** A deleted scope leaves every grant at once: the token endpoint refuses it, keeps the others. */
    @Test
    void deletedScopeIsNoLongerIssued() {
        UUID envId = UUID.fromString(env);
        var api = fixtures.resource(envId, "api", null, "read", "write");
        CreatedApp app = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(envId, app.app().id, api, "read", "write");
        TokenRequests.request(env, app, "write").then().statusCode(200).body("scope", equalTo("write"));

        String apiScopes = "/v1/environments/" + env + "/resources/" + api.resource().id + "/scopes/";
        Admin.as(token).delete(apiScopes + api.scopes().get("write").id).then().statusCode(204);
        TokenRequests.request(env, app, "write").then().statusCode(400).body("error", equalTo("invalid_scope"));
        TokenRequests.request(env, app, null).then().statusCode(200).body("scope", equalTo("read"));
    }

    /** Renaming a scope renames it in tokens. */
    @Test
    void renamedScopeIsIssuedUnderItsNewName() {
        UUID envId = UUID.fromString(env);
        var api = fixtures.resource(envId, "api", null, "read");
        CreatedApp app = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(envId, app.app().id, api, "read");
        TokenRequests.request(env, app, "read").then().statusCode(200);
        Admin.as(token).body("{\"name\":\"orders:read\"}")
                .put("/v1/environments/" + env + "/resources/" + api.resource().id + "/scopes/" + api.scopes().get("read").id)
                .then().statusCode(200);
        TokenRequests.request(env, app, "read").then().statusCode(400).body("error", equalTo("invalid_scope"));
        TokenRequests.request(env, app, "orders:read").then().statusCode(200).body("scope", equalTo("orders:read"));
    }

    private String createScope(String name) {
        return Admin.as(token).body("{\"name\":\"" + name + "\"}").post(base).then().statusCode(201).extract().path("id");
    }

    private Response post(String body) {
        return Admin.as(token).body(body).post(base);
    }

    private static void assertInvalid(Response response, String target) {
        response.then().statusCode(400).body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo(target));
    }
}
