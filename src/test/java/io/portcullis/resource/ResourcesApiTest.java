package io.portcullis.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.portcullis.application.ApplicationService;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/environments/{envID}/resources} over HTTP with the bootstrap worker's token. */
@QuarkusTest
class ResourcesApiTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ApplicationService applications;

    String token;
    String env;
    String base;

    @BeforeEach
    void setUp() {
        token = Admin.token();
        env = fixtures.environment().id.toString();
        base = "/v1/environments/" + env + "/resources";
    }

    @Test
    void createReadUpdateListDelete() {
        Response created = Admin.as(token).body("{\"name\":\"orders\",\"description\":\"Orders API\"}").post(base);
        created.then().statusCode(201)
                .body("name", equalTo("orders"))
                .body("type", equalTo("CUSTOM"))
                .body("audience", equalTo("orders"))
                .body("accessTokenValiditySeconds", equalTo(3600))
                .body("description", equalTo("Orders API"))
                .body("environment.id", equalTo(env));
        String id = created.path("id");
        String self = "http://localhost:8080" + base + "/" + id;
        assertThat(created.header("Location")).isEqualTo(self);
        assertThat(created.<String>path("_links.self.href")).isEqualTo(self);
        Map<String, Object> shape = created.jsonPath().getMap("");
        assertThat(shape).containsOnlyKeys("_links", "id", "environment", "name", "type", "audience",
                "accessTokenValiditySeconds", "description", "introspectEndpointAuthMethod",
                "applicationPermissionsSettings", "createdAt", "updatedAt");
        assertThat(shape.get("createdAt")).isEqualTo(shape.get("updatedAt"));

        Admin.as(token).get(base + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("orders")).body("audience", equalTo("orders"));

        Admin.as(token).body("{\"name\":\"orders\",\"audience\":\"https://api.example.com/orders\","
                        + "\"accessTokenValiditySeconds\":300,\"type\":\"CUSTOM\"}")
                .put(base + "/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("audience", equalTo("https://api.example.com/orders"))
                .body("accessTokenValiditySeconds", equalTo(300))
                .body("description", equalTo(null))
                .body("_links.self.href", equalTo(self));
        Admin.as(token).get(base + "/" + id).then().statusCode(200)
                .body("audience", equalTo("https://api.example.com/orders")).body("accessTokenValiditySeconds", equalTo(300));

        Admin.as(token).get(base).then().statusCode(200)
                .body("count", equalTo(1)).body("size", equalTo(1))
                .body("_embedded.resources[0].id", equalTo(id))
                .body("_embedded.resources[0]._links.self.href", equalTo(self));

        Admin.as(token).delete(base + "/" + id).then().statusCode(204);
        Admin.as(token).get(base + "/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        Admin.as(token).delete(base + "/" + id).then().statusCode(404);
        Admin.as(token).get(base).then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void everyRouteNeedsAToken() {
        String id = createResource("r1");
        given().get(base).then().statusCode(401).body("code", equalTo("ACCESS_FAILED"));
        given().contentType("application/json").body("{\"name\":\"x\"}").post(base).then().statusCode(401);
        given().get(base + "/" + id).then().statusCode(401);
        given().contentType("application/json").body("{\"name\":\"x\"}").put(base + "/" + id).then().statusCode(401);
        given().delete(base + "/" + id).then().statusCode(401);
        Admin.as(token).get(base + "/" + id).then().statusCode(200).body("name", equalTo("r1"));
    }

    @Test
    void readOnlyCallerCanReadButNotWrite() {
        CreatedApp reader = fixtures.application(UUID.fromString(env), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                GrantType.CLIENT_CREDENTIALS);
        applications.assignRole(UUID.fromString(env), reader.app().id, "READ_ONLY", "ENVIRONMENT", UUID.fromString(env));
        String readOnly = Admin.token(env, reader.clientId(), reader.secret());
        String id = createResource("r1");
        Admin.as(readOnly).get(base + "/" + id).then().statusCode(200);
        Admin.as(readOnly).body("{\"name\":\"r2\"}").post(base).then().statusCode(403).body("code", equalTo("ACCESS_FAILED"));
        Admin.as(readOnly).body("{\"name\":\"r3\"}").put(base + "/" + id).then().statusCode(403);
        Admin.as(readOnly).delete(base + "/" + id).then().statusCode(403);
        Admin.as(token).get(base).then().body("count", equalTo(1)).body("_embedded.resources[0].name", equalTo("r1"));
    }

    @Test
    void unknownIdsAreNotFound() {
        String id = createResource("r1");
        String other = fixtures.environment().id.toString();
        String otherBase = "/v1/environments/" + other + "/resources";
        for (String missing : new String[] {UUID.randomUUID().toString(), "not-a-uuid", "1"}) {
            Admin.as(token).get(base + "/" + missing).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
            Admin.as(token).body("{\"name\":\"x\"}").put(base + "/" + missing).then().statusCode(404);
            Admin.as(token).delete(base + "/" + missing).then().statusCode(404);
        }
        // the resource exists, but not in the environment named by the path
        Admin.as(token).get(otherBase + "/" + id).then().statusCode(404);
        Admin.as(token).body("{\"name\":\"stolen\"}").put(otherBase + "/" + id).then().statusCode(404);
        Admin.as(token).delete(otherBase + "/" + id).then().statusCode(404);
        Admin.as(token).get(otherBase).then().statusCode(200).body("count", equalTo(0));
        // an environment that does not exist, or a path id that is not one
        Admin.as(token).get("/v1/environments/" + UUID.randomUUID() + "/resources").then().statusCode(404);
        Admin.as(token).body("{\"name\":\"x\"}").post("/v1/environments/" + UUID.randomUUID() + "/resources")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        Admin.as(token).get("/v1/environments/nope/resources").then().statusCode(404);
        Admin.as(token).get(base + "/" + id).then().statusCode(200).body("name", equalTo("r1"));
    }

    @Test
    void badBodiesAreRefusedAndChangeNothing() {
        String id = createResource("r1");
        assertInvalid(post("{\"description\":\"no name\"}"), "name");
        assertInvalid(post("{\"name\":\"  \"}"), "name");
        assertInvalid(post("{\"name\":[\"a\"]}"), "name");
        assertInvalid(post("{\"name\":\"x\",\"type\":\"OPENID_CONNECT\"}"), "type");
        assertInvalid(post("{\"name\":\"x\",\"accessTokenValiditySeconds\":299}"), "accessTokenValiditySeconds");
        assertInvalid(post("{\"name\":\"x\",\"accessTokenValiditySeconds\":2592001}"), "accessTokenValiditySeconds");
        assertInvalid(post("{\"name\":\"x\",\"accessTokenValiditySeconds\":\"soon\"}"), "accessTokenValiditySeconds");
        assertInvalid(post("{\"name\":\"x\",\"audience\":\"\"}"), "audience");
        assertInvalid(post("{\"name\":\"" + "n".repeat(257) + "\"}"), "name");
        assertInvalid(post("{\"name\":"), "body");
        assertInvalid(post(""), "body");
        assertInvalid(Admin.as(token).body("{\"name\":\"r1\",\"accessTokenValiditySeconds\":0}").put(base + "/" + id),
                "accessTokenValiditySeconds");
        Admin.as(token).body("{\"name\":\"x\",\"accessTokenValiditySeconds\":2592000}").post(base).then().statusCode(201);
        Admin.as(token).get(base).then().body("count", equalTo(2));
        Admin.as(token).get(base + "/" + id).then().statusCode(200)
                .body("name", equalTo("r1")).body("accessTokenValiditySeconds", equalTo(3600));
    }

    @Test
    void namesAreUniqueInAnEnvironment() {
        String first = createResource("orders");
        String second = createResource("billing");
        Admin.as(token).body("{\"name\":\"orders\"}").post(base).then().statusCode(409)
                .body("code", equalTo("UNIQUENESS_VIOLATION")).body("details[0].target", equalTo("name"));
        Admin.as(token).body("{\"name\":\"orders\",\"description\":\"renamed\"}").put(base + "/" + second).then().statusCode(409)
                .body("code", equalTo("UNIQUENESS_VIOLATION"));
        Admin.as(token).get(base + "/" + second).then().body("name", equalTo("billing")).body("description", equalTo(null));
        Admin.as(token).get(base).then().body("count", equalTo(2));
        // keeping its own name is no conflict; the same name in another environment neither
        Admin.as(token).body("{\"name\":\"orders\",\"description\":\"same\"}").put(base + "/" + first).then().statusCode(200);
        String other = fixtures.environment().id.toString();
        Admin.as(token).body("{\"name\":\"orders\"}").post("/v1/environments/" + other + "/resources").then().statusCode(201);
    }

    @Test
    void pagesFollowTheNextLink() {
        String a = createResource("a");
        String b = createResource("b");
        String c = createResource("c");
        Response first = Admin.as(token).get(base + "?limit=1");
        first.then().statusCode(200).body("count", equalTo(3)).body("size", equalTo(1));
        String firstId = first.path("_embedded.resources[0].id");
        Response second = Admin.as(token).get(Links.path(first.path("_links.next.href")));
        second.then().statusCode(200).body("count", equalTo(3)).body("size", equalTo(1))
                .body("_embedded.resources.id", not(hasItem(firstId)));
        Response third = Admin.as(token).get(Links.path(second.path("_links.next.href")));
        third.then().statusCode(200).body("size", equalTo(1)).body("_links.next", equalTo(null));
        assertThat(java.util.List.of(firstId, second.<String>path("_embedded.resources[0].id"),
                third.<String>path("_embedded.resources[0].id"))).containsExactlyInAnyOrder(a, b, c);
        Admin.as(token).get(base + "?limit=0").then().statusCode(400).body("details[0].target", equalTo("limit"));
        Admin.as(token).get(base + "?cursor=@@@").then().statusCode(400).body("details[0].target", equalTo("cursor"));
        Admin.as(token).get(base + "?limit=1000").then().statusCode(200).body("_embedded.resources.id", hasItems(a, b, c));
    }

    /** After DELETE, the scopes of the resource are gone from the token endpoint at once. */
    @Test
    void deletedResourceNoLongerIssuesTokens() {
        UUID envId = UUID.fromString(env);
        var orders = fixtures.resource(envId, "orders", null, "orders:read");
        CreatedApp app = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(envId, app.app().id, orders, "orders:read");
        TokenRequests.request(env, app, "orders:read").then().statusCode(200).body("scope", equalTo("orders:read"));

        Admin.as(token).delete(base + "/" + orders.resource().id).then().statusCode(204);
        TokenRequests.request(env, app, "orders:read").then().statusCode(400).body("error", equalTo("invalid_scope"));
        TokenRequests.request(env, app, null).then().statusCode(400).body("error", equalTo("invalid_scope"));
        // its scopes went with it
        Admin.as(token).get(base + "/" + orders.resource().id + "/scopes").then().statusCode(404);
    }

    private String createResource(String name) {
        return Admin.as(token).body("{\"name\":\"" + name + "\"}").post(base).then().statusCode(201).extract().path("id");
    }

    private Response post(String body) {
        return Admin.as(token).body(body).post(base);
    }

    private static void assertInvalid(Response response, String target) {
        response.then().statusCode(400).body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo(target));
    }
}
