package io.portcullis.pingfederate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PingFederate admin API is a second door to the PingFederate environment's applications, held
 * to /v1's rule: a CLIENT_APPLICATION_DEVELOPER cannot replace the secret of, change, disable or
 * delete an OAuth client that holds ENVIRONMENT_ADMIN or ORGANIZATION_ADMIN (it would then act as
 * it), while the same calls on a client that holds no more than it still work; and the last enabled
 * ORGANIZATION_ADMIN can neither be disabled nor deleted there. Runs on a database of its own, so
 * that it knows every ORGANIZATION_ADMIN.
 */
@QuarkusTest
@TestProfile(PingFederateClientAuthorityTest.OwnDatabase.class)
class PingFederateClientAuthorityTest {

    /** The PingFederate face on, with a fresh application and database. */
    public static class OwnDatabase extends PingFederateProfile {}

    static final String CLIENT = """
            {"name": "%s", "enabled": %s, "grantTypes": ["CLIENT_CREDENTIALS"],
             "clientAuth": {"type": "SECRET"%s}, "restrictScopes": false,
             "defaultAccessTokenManagerRef": {"id": "default"}}""";

    static String admin;
    static String env;
    static String developer;
    static String developerSecret;
    static String environmentAdminApp;
    static String organizationAdminApp;
    static String peer;

    /** Once: the bootstrap administrator assigns the roles through /v1. */
    @BeforeEach
    void setUp() {
        if (env != null) {
            return;
        }
        admin = Admin.token();
        env = PingFederateSeedTest.pingFederateEnvironmentId();
        developer = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, env, developer, "CLIENT_APPLICATION_DEVELOPER", env)).isEqualTo(201);
        developerSecret = Api.secret(admin, env, developer);
        environmentAdminApp = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, env, environmentAdminApp, "ENVIRONMENT_ADMIN", env)).isEqualTo(201);
        organizationAdminApp = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, env, organizationAdminApp, "ORGANIZATION_ADMIN", null)).isEqualTo(201);
        peer = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, env, peer, "CLIENT_APPLICATION_DEVELOPER", env)).isEqualTo(201);
    }

    @Test
    void aDeveloperCannotTakeOverAStrongerClientButMayChangeAPeer() {
        for (String stronger : List.of(environmentAdminApp, organizationAdminApp)) {
            String secretBefore = Api.secret(admin, env, stronger);
            // the attack: set a secret the developer knows, then get tokens as the stronger client
            as(developer, developerSecret).body(client("taken", true, "attacker-known-secret"))
                    .put(clients(stronger)).then().statusCode(403).body("resultId", equalTo("forbidden"));
            as(developer, developerSecret).body(client("off", false, null))
                    .put(clients(stronger)).then().statusCode(403);
            as(developer, developerSecret).delete(clients(stronger)).then().statusCode(403);
            assertThat(Api.secret(admin, env, stronger)).isEqualTo(secretBefore);
            assertThat(Api.tokenStatus(env, stronger, "attacker-known-secret")).isEqualTo(401);
            Admin.as(admin).get("/v1/environments/" + env + "/applications/" + stronger).then().statusCode(200)
                    .body("enabled", equalTo(true));
        }

        // the same calls on a client that holds no more than the developer
        as(developer, developerSecret).body(client("peer", true, "peer-secret-set-by-developer"))
                .put(clients(peer)).then().statusCode(200);
        assertThat(Api.secret(admin, env, peer)).isEqualTo("peer-secret-set-by-developer");
        as(developer, developerSecret).body(client("peer off", false, null)).put(clients(peer)).then().statusCode(200);
        as(developer, developerSecret).delete(clients(peer)).then().statusCode(204);
        // and the administrator, who holds every role, may change the stronger one
        as(Admin.clientId(), Admin.secret()).body(client("renamed", true, null))
                .put(clients(environmentAdminApp)).then().statusCode(200).body("name", equalTo("renamed"));
    }

    @Test
    void theLastOrganizationAdminCannotBeDisabledOrDeletedThroughThePingFederateFace() {
        String organizationAdminSecret = Api.secret(admin, env, organizationAdminApp);
        String asOrganizationAdmin = Admin.token(env, organizationAdminApp, organizationAdminSecret);
        String bootstrapAssignment = organizationAdminAssignment(asOrganizationAdmin, Admin.environmentId(), Admin.clientId());
        String bootstrapApp = "/v1/environments/" + Admin.environmentId() + "/applications/" + Admin.clientId();
        Admin.as(asOrganizationAdmin).delete(bootstrapApp + "/roleAssignments/" + bootstrapAssignment).then().statusCode(204);
        try {
            as(organizationAdminApp, organizationAdminSecret).body(client("last", false, null))
                    .put(clients(organizationAdminApp)).then().statusCode(422)
                    .body("validationErrors[0].fieldPath", equalTo("enabled"));
            as(organizationAdminApp, organizationAdminSecret).delete(clients(organizationAdminApp)).then().statusCode(400);
            Admin.as(asOrganizationAdmin).get("/v1/environments/" + env + "/applications/" + organizationAdminApp)
                    .then().statusCode(200).body("enabled", equalTo(true));
            // a change that keeps it enabled is still a normal change
            as(organizationAdminApp, organizationAdminSecret).body(client("still here", true, null))
                    .put(clients(organizationAdminApp)).then().statusCode(200);
        } finally {
            assertThat(Api.assignRole(asOrganizationAdmin, Admin.environmentId(), Admin.clientId(), "ORGANIZATION_ADMIN", null))
                    .isEqualTo(201);
        }
    }

    @Test
    void aGeneratedSecretAndTheSealedOneAreNeverCached() {
        String generated = as(Admin.clientId(), Admin.secret()).body("""
                {"clientId": "cached_client", "name": "Generated", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "defaultAccessTokenManagerRef": {"id": "default"}}""")
                .post("/pf-admin-api/v1/oauth/clients").then().statusCode(201)
                .header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .extract().path("clientAuth.secret");
        assertThat(generated).isNotBlank();
        as(Admin.clientId(), Admin.secret()).get(clients("cached_client")).then().statusCode(200)
                .header("Cache-Control", "no-store").body("clientAuth.encryptedSecret", notNullValue());
        as(Admin.clientId(), Admin.secret()).get("/pf-admin-api/v1/oauth/clients").then().statusCode(200)
                .header("Cache-Control", "no-store");
    }

    private static String organizationAdminAssignment(String token, String environmentId, String applicationId) {
        List<String> ids = Admin.as(token).get("/v1/environments/" + environmentId + "/applications/" + applicationId + "/roleAssignments")
                .then().statusCode(200).extract().path("_embedded.roleAssignments.findAll { it.role.name == 'ORGANIZATION_ADMIN' }.id");
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private static String client(String name, boolean enabled, String secret) {
        return CLIENT.formatted(name, enabled, secret == null ? "" : ", \"secret\": \"" + secret + "\"");
    }

    private static String clients(String id) {
        return "/pf-admin-api/v1/oauth/clients/" + id;
    }

    private static RequestSpecification as(String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret)
                .header("X-XSRF-Header", "PingFederate").contentType(ContentType.JSON);
    }
}
