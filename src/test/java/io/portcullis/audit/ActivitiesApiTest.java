package io.portcullis.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.support.Admin;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The audit trail over HTTP: every change to resources, scopes, grants and keys, by whom, and nothing secret. */
@QuarkusTest
class ActivitiesApiTest {

    @Inject
    Fixtures fixtures;

    @Test
    void changesAreRecordedWithTheCallerAndNoSecret() {
        String token = Admin.token();
        UUID envId = fixtures.environment().id;
        String env = "/v1/environments/" + envId;
        CreatedApp app = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        int before = activities(token, env).path("count");

        String resource = Admin.as(token).body("{\"name\":\"orders\"}").post(env + "/resources").then().statusCode(201).extract().path("id");
        Admin.as(token).body("{\"name\":\"orders\",\"description\":\"d\"}").put(env + "/resources/" + resource).then().statusCode(200);
        String scope = Admin.as(token).body("{\"name\":\"read\"}").post(env + "/resources/" + resource + "/scopes")
                .then().statusCode(201).extract().path("id");
        Admin.as(token).body("{\"name\":\"read\",\"description\":\"d\"}").put(env + "/resources/" + resource + "/scopes/" + scope)
                .then().statusCode(200);
        String grantBody = "{\"resource\":{\"id\":\"" + resource + "\"},\"scopes\":[{\"id\":\"" + scope + "\"}]}";
        String grants = env + "/applications/" + app.clientId() + "/grants";
        String grant = Admin.as(token).body(grantBody).post(grants).then().statusCode(201).extract().path("id");
        Admin.as(token).body(grantBody).put(grants + "/" + grant).then().statusCode(200);
        String key = Admin.as(token).body("{\"algorithm\":\"EC\",\"keyLength\":256,\"signatureAlgorithm\":\"SHA256withECDSA\"}")
                .post(env + "/keys").then().statusCode(201).extract().path("id");
        Admin.as(token).body("{\"default\":true}").put(env + "/keys/" + key).then().statusCode(200);
        String oldKey = Admin.as(token).get(env + "/keys").path("_embedded.keys.find { !it.default }.id");
        Admin.as(token).delete(env + "/keys/" + oldKey).then().statusCode(204);
        Admin.as(token).delete(grants + "/" + grant).then().statusCode(204);
        Admin.as(token).delete(env + "/resources/" + resource + "/scopes/" + scope).then().statusCode(204);
        Admin.as(token).delete(env + "/resources/" + resource).then().statusCode(204);

        // refused calls leave no trace
        Admin.as(token).body("{\"name\":\"a b\"}").post(env + "/resources").then().statusCode(201);
        Admin.as(token).body("{\"name\":\"a b\"}").post(env + "/resources").then().statusCode(409);
        Admin.as(token).delete(env + "/keys/" + key).then().statusCode(400);
        given().contentType("application/json").body("{\"name\":\"x\"}").post(env + "/resources").then().statusCode(401);

        Response trail = activities(token, env);
        List<String> actions = trail.path("_embedded.activities.action.type");
        List<String> recorded = recordedSince(trail, before);
        // ids are time-ordered to the millisecond only: compare as a set of (action, target)
        String created = trail.path("_embedded.activities.find { it.description == 'a b' }.resources[0].id");
        assertThat(recorded).containsExactlyInAnyOrder(
                "RESOURCE.CREATED " + resource, "RESOURCE.UPDATED " + resource,
                "RESOURCE_SCOPE.CREATED " + scope, "RESOURCE_SCOPE.UPDATED " + scope,
                "GRANT.CREATED " + grant, "GRANT.UPDATED " + grant,
                "KEY.CREATED " + key, "KEY.UPDATED " + key, "KEY.DELETED " + oldKey,
                "GRANT.DELETED " + grant, "RESOURCE_SCOPE.DELETED " + scope, "RESOURCE.DELETED " + resource,
                "RESOURCE.CREATED " + created);
        List<String> actors = trail.path("_embedded.activities.actors.client.id");
        assertThat(actors.subList(before, actors.size())).containsOnly(Admin.clientId());
        assertThat(trail.asString()).doesNotContain(Admin.secret()).doesNotContain(app.secret());
        trail.then().body("count", equalTo(actions.size()));
    }

    @Test
    void secretReadsRotationsRoleChangesAndTheBootstrapAreRecorded() {
        UUID envId = fixtures.environment().id;
        CreatedApp app = fixtures.application(envId, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        String application = "/v1/environments/" + envId + "/applications/" + app.clientId();
        String secret = application + "/secret";
        String token = Admin.token();
        int before = activities(token, "/v1/environments/" + envId).path("count");

        Admin.as(token).get(secret).then().statusCode(200);
        Admin.as(token).body("{}").post(secret).then().statusCode(200);
        String assignment = Admin.as(token)
                .body("{\"role\":{\"name\":\"READ_ONLY\"},\"scope\":{\"type\":\"ENVIRONMENT\",\"id\":\"" + envId + "\"}}")
                .post(application + "/roleAssignments").then().statusCode(201).extract().path("id");
        Admin.as(token).delete(application + "/roleAssignments/" + assignment).then().statusCode(204);
        // a refused read leaves no trace
        given().get(secret).then().statusCode(401);

        Response trail = activities(token, "/v1/environments/" + envId);
        List<String> recorded = recordedSince(trail, before);
        assertThat(recorded).containsExactlyInAnyOrder(
                "SECRET.READ " + app.clientId(), "SECRET.ROTATED " + app.clientId(),
                "ROLE_ASSIGNMENT.CREATED " + assignment, "ROLE_ASSIGNMENT.DELETED " + assignment);
        List<String> actors = trail.path("_embedded.activities.actors.client.id");
        assertThat(actors.subList(before, actors.size())).containsOnly(Admin.clientId());
        List<String> when = trail.path("_embedded.activities.recordedAt");
        assertThat(when.subList(before, when.size())).allSatisfy(at -> assertThat(at).isNotBlank());
        assertThat(trail.asString()).doesNotContain(app.secret());

        // the first start of the installation, in the administrators' environment
        Response bootstrap = activities(token, "/v1/environments/" + Admin.environmentId());
        List<String> bootstrapActions = bootstrap.path("_embedded.activities.action.type");
        assertThat(bootstrapActions).contains("ENVIRONMENT.BOOTSTRAPPED", "ROLE_ASSIGNMENT.CREATED");
        bootstrap.then().body("_embedded.activities.find { it.action.type == 'ENVIRONMENT.BOOTSTRAPPED' }.actors.client.id",
                equalTo(Admin.clientId()));
        assertThat(bootstrap.asString()).doesNotContain(Admin.secret());
    }

    /** "ACTION resource-id" of every activity after the first {@code before}. */
    private static List<String> recordedSince(Response trail, int before) {
        List<String> actions = trail.path("_embedded.activities.action.type");
        List<String> targets = trail.path("_embedded.activities.collect { it.resources[0].id }");
        List<String> recorded = new java.util.ArrayList<>();
        for (int i = before; i < actions.size(); i++) {
            recorded.add(actions.get(i) + " " + targets.get(i));
        }
        return recorded;
    }

    private static Response activities(String token, String env) {
        return Admin.as(token).get(env + "/activities?limit=1000").then().statusCode(200).extract().response();
    }
}
