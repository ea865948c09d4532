package io.portcullis.application;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/environments/{envID}/applications} over HTTP: shapes, validation, errors, paging. */
@QuarkusTest
class ApplicationsApiTest {

    static final String VALID = """
            {"name":"orders-service","description":"calls orders","enabled":true,"type":"SERVICE","protocol":"OPENID_CONNECT",
             "grantTypes":["CLIENT_CREDENTIALS"],"tokenEndpointAuthMethod":"CLIENT_SECRET_POST"}""";

    String admin;
    String env;
    String apps;

    @BeforeEach
    void setUp() {
        admin = Admin.token();
        env = Api.environment(admin);
        apps = "/v1/environments/" + env + "/applications";
    }

    @Test
    void createReadUpdateDelete() {
        io.restassured.response.Response created = Admin.as(admin).body(VALID).post(apps);
        String id = created.then().statusCode(201).extract().path("id");
        created.then().header("Location", equalTo("http://localhost:8080" + apps + "/" + id));
        Admin.as(admin).get(apps + "/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("orders-service"))
                .body("description", equalTo("calls orders"))
                .body("enabled", equalTo(true))
                .body("protocol", equalTo("OPENID_CONNECT"))
                .body("type", equalTo("SERVICE"))
                .body("grantTypes", containsInAnyOrder("CLIENT_CREDENTIALS"))
                .body("tokenEndpointAuthMethod", equalTo("CLIENT_SECRET_POST"))
                .body("environment.id", equalTo(env))
                .body("_links.self.href", equalTo("http://localhost:8080" + apps + "/" + id))
                .body("$", not(hasKey("secret")));
        Admin.as(admin).body(VALID.replace("orders-service", "renamed").replace("\"SERVICE\"", "\"WORKER\"")
                        .replace("\"enabled\":true", "\"enabled\":false"))
                .put(apps + "/" + id).then().statusCode(200)
                .body("name", equalTo("renamed")).body("type", equalTo("WORKER")).body("enabled", equalTo(false));
        Admin.as(admin).delete(apps + "/" + id).then().statusCode(204);
        Admin.as(admin).get(apps + "/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        // Parsers disagree on which of two values counts: the body is refused, not resolved either way.
        String twice = VALID.replace("\"name\"", "\"name\": \"decoy\", \"name\"");
        assertThat(twice).contains("decoy");
        Admin.as(admin).body(twice).post(apps).then().statusCode(400)
                .body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo("name"));
        String id = Admin.as(admin).body(VALID).post(apps).then().statusCode(201).extract().path("id");
        Admin.as(admin).body(twice).put(apps + "/" + id).then().statusCode(400).body("code", equalTo("INVALID_DATA"));
        Admin.as(admin).get(apps + "/" + id).then().statusCode(200).body("name", equalTo("orders-service"));
        Admin.as(admin).body("{\"previous\": null, \"previous\": null}").post(apps + "/" + id + "/secret")
                .then().statusCode(400).body("code", equalTo("INVALID_DATA"));
    }

    @Test
    void disabledApplicationGetsInvalidClient() {
        String id = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        Api.assignRole(admin, env, id, "READ_ONLY", env);
        String secret = Api.secret(admin, env, id);
        org.assertj.core.api.Assertions.assertThat(Api.tokenStatus(env, id, secret)).isEqualTo(200);
        Admin.as(admin).body(VALID.replace("\"enabled\":true", "\"enabled\":false").replace("CLIENT_SECRET_POST", "CLIENT_SECRET_BASIC"))
                .put(apps + "/" + id).then().statusCode(200);
        org.assertj.core.api.Assertions.assertThat(Api.tokenStatus(env, id, secret)).isEqualTo(401);
    }

    @Test
    void validationNamesEachBadField() {
        Admin.as(admin).body("{}").post(apps).then().statusCode(400).body("code", equalTo("INVALID_DATA"))
                .body("details.target", hasItem("name"))
                .body("details.target", hasItem("type"))
                .body("details.target", hasItem("grantTypes"))
                .body("details.target", hasItem("tokenEndpointAuthMethod"));
        Admin.as(admin).body(VALID.replace("\"SERVICE\"", "\"TOASTER\"")).post(apps).then().statusCode(400)
                .body("details[0].target", equalTo("type"));
        Admin.as(admin).body(VALID.replace("[\"CLIENT_CREDENTIALS\"]", "[\"PASSWORD\"]")).post(apps).then().statusCode(400)
                .body("details[0].target", equalTo("grantTypes[0]"));
        Admin.as(admin).body(VALID.replace("[\"CLIENT_CREDENTIALS\"]", "[]")).post(apps).then().statusCode(400)
                .body("details[0].target", equalTo("grantTypes"));
        Admin.as(admin).body(VALID.replace("CLIENT_SECRET_POST", "NONE")).post(apps).then().statusCode(400)
                .body("details[0].target", equalTo("tokenEndpointAuthMethod"));
        Admin.as(admin).body(VALID.replace("OPENID_CONNECT", "SAML")).post(apps).then().statusCode(400)
                .body("details[0].target", equalTo("protocol"));
        Admin.as(admin).body(VALID.replace("\"orders-service\"", "42")).post(apps).then().statusCode(400).body("details[0].target", equalTo("name"));
        Admin.as(admin).body(VALID.replace("\"enabled\":true", "\"enabled\":\"yes\"")).post(apps).then().statusCode(400).body("details[0].target", equalTo("enabled"));
        Admin.as(admin).body("not json").post(apps).then().statusCode(400).body("code", equalTo("INVALID_DATA"));
        // nothing was created by any of these
        Admin.as(admin).get(apps).then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void unknownIdsAndAuthentication() {
        given().get(apps).then().statusCode(401).body("code", equalTo("ACCESS_FAILED"));
        given().contentType("application/json").body(VALID).post(apps).then().statusCode(401);
        Admin.as(admin).get(apps + "/" + UUID.randomUUID()).then().statusCode(404);
        Admin.as(admin).get(apps + "/12").then().statusCode(404);
        Admin.as(admin).get("/v1/environments/" + UUID.randomUUID() + "/applications").then().statusCode(404);
        Admin.as(admin).body(VALID).put(apps + "/" + UUID.randomUUID()).then().statusCode(404);
        Admin.as(admin).delete(apps + "/" + UUID.randomUUID()).then().statusCode(404);
        // an application is not found through another environment
        String id = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        String other = Api.environment(admin);
        Admin.as(admin).get("/v1/environments/" + other + "/applications/" + id).then().statusCode(404);
        Admin.as(admin).delete("/v1/environments/" + other + "/applications/" + id).then().statusCode(404);
        Admin.as(admin).get(apps + "/" + id).then().statusCode(200);
    }

    @Test
    void pagingWalksEveryApplicationOnce() {
        for (int i = 0; i < 3; i++) {
            Api.application(admin, env, "CLIENT_SECRET_BASIC");
        }
        String first = Admin.as(admin).get(apps + "?limit=2").then().statusCode(200)
                .body("count", equalTo(3)).body("size", equalTo(2))
                .body("_embedded.applications.size()", equalTo(2))
                .extract().path("_links.next.href");
        Admin.as(admin).get(first.replace("http://localhost:8080", "")).then().statusCode(200)
                .body("size", equalTo(1)).body("_links.next", nullValue());
        Admin.as(admin).get(apps + "?limit=0").then().statusCode(400).body("details[0].target", equalTo("limit"));
        Admin.as(admin).get(apps + "?cursor=%%%").then().statusCode(400);
    }

}
