package io.portcullis.management;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each management role may and may not do: one table, every cell checked over HTTP. */
@QuarkusTest
class RolesTest {

    String admin;
    String home;
    String other;
    String target;

    /** One row of the table: what is tried, and the status each role must get. */
    record Action(String name, Function<String, Response> call, Map<String, Integer> expected) {}

    @BeforeEach
    void setUp() {
        admin = Admin.token();
        home = Api.environment(admin);
        other = Api.environment(admin);
        target = Api.application(admin, home, "CLIENT_SECRET_POST");
    }

    private static Map<String, Integer> statuses(int envAdmin, int developer, int readOnly) {
        return Map.of("ENVIRONMENT_ADMIN", envAdmin, "CLIENT_APPLICATION_DEVELOPER", developer, "READ_ONLY", readOnly);
    }

    private List<Action> table() {
        String apps = "/v1/environments/" + home + "/applications";
        String newApp = """
                {"name":"x","type":"WORKER","grantTypes":["CLIENT_CREDENTIALS"],"tokenEndpointAuthMethod":"CLIENT_SECRET_BASIC"}""";
        return List.of(
                new Action("read own environment", t -> Admin.as(t).get("/v1/environments/" + home), statuses(200, 200, 200)),
                new Action("read another environment", t -> Admin.as(t).get("/v1/environments/" + other), statuses(403, 403, 403)),
                new Action("list applications", t -> Admin.as(t).get(apps), statuses(200, 200, 200)),
                new Action("list applications of another environment",
                        t -> Admin.as(t).get("/v1/environments/" + other + "/applications"), statuses(403, 403, 403)),
                new Action("create application", t -> Admin.as(t).body(newApp).post(apps), statuses(201, 201, 403)),
                new Action("read a secret", t -> Admin.as(t).get(apps + "/" + target + "/secret"), statuses(200, 200, 403)),
                new Action("rotate a secret", t -> Admin.as(t).post(apps + "/" + target + "/secret"), statuses(200, 200, 403)),
                new Action("rename the environment", t -> Admin.as(t).body("{\"name\":\"renamed-" + UUID.randomUUID() + "\"}")
                        .put("/v1/environments/" + home), statuses(200, 403, 403)),
                new Action("create an environment", t -> Admin.as(t).body("{\"name\":\"new-" + UUID.randomUUID() + "\"}")
                        .post("/v1/environments"), statuses(403, 403, 403)),
                new Action("read activities", t -> Admin.as(t).get("/v1/environments/" + home + "/activities"), statuses(200, 200, 200)),
                new Action("grant READ_ONLY in own environment", t -> Admin.as(t)
                        .body("{\"role\":{\"name\":\"READ_ONLY\"},\"scope\":{\"type\":\"ENVIRONMENT\",\"id\":\"" + home + "\"}}")
                        .post(apps + "/" + target + "/roleAssignments"), statuses(201, 403, 403)),
                new Action("grant ENVIRONMENT_ADMIN of another environment", t -> Admin.as(t)
                        .body("{\"role\":{\"name\":\"ENVIRONMENT_ADMIN\"},\"scope\":{\"type\":\"ENVIRONMENT\",\"id\":\"" + other + "\"}}")
                        .post(apps + "/" + target + "/roleAssignments"), statuses(403, 403, 403)),
                new Action("grant ORGANIZATION_ADMIN", t -> Admin.as(t)
                        .body("{\"role\":{\"name\":\"ORGANIZATION_ADMIN\"},\"scope\":{\"type\":\"ORGANIZATION\"}}")
                        .post(apps + "/" + target + "/roleAssignments"), statuses(403, 403, 403)),
                new Action("delete an application", t -> Admin.as(t).delete(apps + "/" + Api.application(admin, home, "CLIENT_SECRET_BASIC")),
                        statuses(204, 204, 403)));
    }

    @Test
    void eachRoleGetsExactlyWhatTheTableSays() {
        List<String> mismatches = new ArrayList<>();
        for (String role : List.of("ENVIRONMENT_ADMIN", "CLIENT_APPLICATION_DEVELOPER", "READ_ONLY")) {
            String token = tokenFor(role);
            for (Action action : table()) {
                int status = action.call().apply(token).statusCode();
                if (status != action.expected().get(role)) {
                    mismatches.add(role + " / " + action.name() + ": got " + status + ", expected " + action.expected().get(role));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void organizationAdminMayDoEverything() {
        for (Action action : table()) {
            assertThat(action.call().apply(admin).statusCode()).as(action.name()).isIn(200, 201, 204);
        }
    }

    @Test
    void listingEnvironmentsShowsOnlyThoseOfTheRole() {
        String token = tokenFor("READ_ONLY");
        List<String> ids = Admin.as(token).get("/v1/environments").then().statusCode(200).extract().path("_embedded.environments.id");
        assertThat(ids).containsExactly(home);
    }

    @Test
    void anApplicationWithoutRolesGetsNoManagementAccess() {
        String app = Api.application(admin, home, "CLIENT_SECRET_BASIC");
        String secret = Api.secret(admin, home, app);
        // no roles and no grants: nothing to issue
        assertThat(Api.tokenStatus(home, app, secret)).isEqualTo(400);
    }

    @Test
    void removingARoleTakesEffectAtOnce() {
        String app = Api.application(admin, home, "CLIENT_SECRET_BASIC");
        String secret = Api.secret(admin, home, app);
        String assignment = Admin.as(admin)
                .body("{\"role\":{\"name\":\"READ_ONLY\"},\"scope\":{\"type\":\"ENVIRONMENT\",\"id\":\"" + home + "\"}}")
                .post("/v1/environments/" + home + "/applications/" + app + "/roleAssignments")
                .then().statusCode(201).extract().path("id");
        String token = Admin.token(home, app, secret);
        Admin.as(token).get("/v1/environments/" + home).then().statusCode(200);
        Admin.as(admin).delete("/v1/environments/" + home + "/applications/" + app + "/roleAssignments/" + assignment)
                .then().statusCode(204);
        Admin.as(token).get("/v1/environments/" + home).then().statusCode(403);
    }

    @Test
    void managementTokensOfDisabledOrDeletedApplicationsStopWorking() {
        String app = Api.application(admin, home, "CLIENT_SECRET_BASIC");
        String secret = Api.secret(admin, home, app);
        Api.assignRole(admin, home, app, "READ_ONLY", home);
        String token = Admin.token(home, app, secret);
        Admin.as(token).get("/v1/environments/" + home).then().statusCode(200);
        Admin.as(admin).delete("/v1/environments/" + home + "/applications/" + app).then().statusCode(204);
        Admin.as(token).get("/v1/environments/" + home).then().statusCode(401);
    }

    @Test
    void roleAssignmentValidation() {
        String path = "/v1/environments/" + home + "/applications/" + target + "/roleAssignments";
        Admin.as(admin).body("{\"role\":{\"name\":\"SUPERUSER\"},\"scope\":{\"type\":\"ORGANIZATION\"}}").post(path)
                .then().statusCode(400).body("details[0].target", org.hamcrest.Matchers.equalTo("role.name"));
        Admin.as(admin).body("{\"role\":{\"name\":\"READ_ONLY\"},\"scope\":{\"type\":\"ORGANIZATION\"}}").post(path).then().statusCode(400);
        Admin.as(admin).body("{\"role\":{\"name\":\"READ_ONLY\"},\"scope\":{\"type\":\"ENVIRONMENT\",\"id\":\"" + UUID.randomUUID() + "\"}}")
                .post(path).then().statusCode(400);
        Admin.as(admin).body("{\"role\":{\"name\":\"READ_ONLY\"}}").post(path).then().statusCode(400);
        assertThat(Api.assignRole(admin, home, target, "READ_ONLY", home)).isEqualTo(201);
        assertThat(Api.assignRole(admin, home, target, "READ_ONLY", home)).isEqualTo(409);
        given().get(path).then().statusCode(401);
    }

    /** A fresh application of the home environment holding {@code role} there, and its management token. */
    private String tokenFor(String role) {
        String app = Api.application(admin, home, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, home, app, role, home)).isEqualTo(201);
        return Admin.token(home, app, Api.secret(admin, home, app));
    }
}
