package io.portcullis.environment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.portcullis.support.Admin;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /v1/environments} over HTTP with the bootstrap worker's token. */
@QuarkusTest
class EnvironmentsApiTest {

    @Test
    void createReadUpdateListDelete() {
        String token = Admin.token();
        String name = "env-" + UUID.randomUUID();
        String id = Admin.as(token).body("{\"name\":\"" + name + "\",\"description\":\"d\"}").post("/v1/environments")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("name", equalTo(name))
                .body("description", equalTo("d"))
                .body("createdAt", notNullValue())
                .body("_links.self.href", startsWith("http://localhost:8080/v1/environments/"))
                .extract().path("id");
        Admin.as(token).get("/v1/environments/" + id).then().statusCode(200).body("id", equalTo(id)).body("name", equalTo(name));
        Admin.as(token).body("{\"name\":\"" + name + "-2\"}").put("/v1/environments/" + id)
                .then().statusCode(200).body("name", equalTo(name + "-2"));
        Admin.as(token).get("/v1/environments?limit=1000").then().statusCode(200)
                .body("_embedded.environments.id", hasItem(id))
                .body("count", notNullValue());
        // the new environment has a signing key and a token endpoint
        // its default key and its default key rotation policy's current and next keys
        given().get("/" + id + "/as/jwks").then().statusCode(200).body("keys.size()", equalTo(3));
        Admin.as(token).delete("/v1/environments/" + id).then().statusCode(204);
        Admin.as(token).get("/v1/environments/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().get("/" + id + "/as/jwks").then().statusCode(404);
    }

    @Test
    void errors() {
        String token = Admin.token();
        given().get("/v1/environments").then().statusCode(401).body("code", equalTo("ACCESS_FAILED"));
        given().header("Authorization", "Bearer nonsense").get("/v1/environments").then().statusCode(401);
        Admin.as(token).get("/v1/environments/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        Admin.as(token).get("/v1/environments/not-a-uuid").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        Admin.as(token).body("{\"description\":\"no name\"}").post("/v1/environments")
                .then().statusCode(400).body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo("name"));
        Admin.as(token).body("{\"name\": 12, ").post("/v1/environments").then().statusCode(400).body("code", equalTo("INVALID_DATA"));
        Admin.as(token).body("{\"name\": [1]}").post("/v1/environments").then().statusCode(400).body("code", equalTo("INVALID_DATA"));
        String name = "dup-" + UUID.randomUUID();
        Admin.as(token).body("{\"name\":\"" + name + "\"}").post("/v1/environments").then().statusCode(201);
        Admin.as(token).body("{\"name\":\"" + name + "\"}").post("/v1/environments")
                .then().statusCode(409).body("code", equalTo("UNIQUENESS_VIOLATION"));
        Admin.as(token).delete("/v1/environments/" + Admin.environmentId()).then().statusCode(400);
    }
}
