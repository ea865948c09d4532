package io.portcullis.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attack of a CLIENT_APPLICATION_DEVELOPER on an application that holds more than it does,
 * replayed over HTTP: reading its secret would let the developer act as it and, through an
 * ORGANIZATION_ADMIN application, assign itself ORGANIZATION_ADMIN. Acting on an application's
 * credentials, configuration, existence or roles needs every role it holds (same or wider scope);
 * the same call on an application that holds no more than the caller still works.
 */
@QuarkusTest
class PrivilegeEscalationTest {

    static final String PUBLIC_JWKS = """
            {"keys":[{"kty":"EC","crv":"P-256","use":"sig","kid":"attacker",
             "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}""";

    String admin;
    String envB;
    String developerToken;
    String developer;
    String environmentAdminApp;
    String organizationAdminApp;
    String peer;

    @BeforeEach
    void setUp() {
        admin = Admin.token();
        envB = Api.environment(admin);
        developer = Api.application(admin, envB, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, envB, developer, "CLIENT_APPLICATION_DEVELOPER", envB)).isEqualTo(201);
        developerToken = Admin.token(envB, developer, Api.secret(admin, envB, developer));
        environmentAdminApp = Api.application(admin, envB, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, envB, environmentAdminApp, "ENVIRONMENT_ADMIN", envB)).isEqualTo(201);
        organizationAdminApp = Api.application(admin, envB, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, envB, organizationAdminApp, "ORGANIZATION_ADMIN", null)).isEqualTo(201);
        peer = Api.application(admin, envB, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, envB, peer, "CLIENT_APPLICATION_DEVELOPER", envB)).isEqualTo(201);
    }

    private String app(String id) {
        return "/v1/environments/" + envB + "/applications/" + id;
    }

    private RequestSpecification asDeveloper() {
        return Admin.as(developerToken);
    }

    @Test
    void theSecretOfAStrongerApplicationCannotBeReadSoItsRolesCannotBeBorrowed() {
        asDeveloper().get(app(environmentAdminApp) + "/secret").then().statusCode(403).body("code", org.hamcrest.Matchers.equalTo("ACCESS_FAILED"));
        // the step that led to ORGANIZATION_ADMIN: a token as an ORGANIZATION_ADMIN application of the environment
        asDeveloper().get(app(organizationAdminApp) + "/secret").then().statusCode(403);
        asDeveloper().get(app(peer) + "/secret").then().statusCode(200);
        asDeveloper().get(app(developer) + "/secret").then().statusCode(200);
        // the administrator, who holds every role, still can
        Admin.as(admin).get(app(organizationAdminApp) + "/secret").then().statusCode(200);
    }

    @Test
    void hadItTheSecretWouldHaveMadeTheDeveloperOrganizationAdmin() {
        // what the refused read above protects: as the ORGANIZATION_ADMIN application, self-promotion works
        String asOrganizationAdmin = Admin.token(envB, organizationAdminApp, Api.secret(admin, envB, organizationAdminApp));
        assertThat(Api.assignRole(asOrganizationAdmin, envB, developer, "ORGANIZATION_ADMIN", null)).isEqualTo(201);
    }

    @Test
    void aStrongerApplicationsSecretCannotBeRotatedOrItsPreviousSecretDropped() {
        String before = Api.secret(admin, envB, environmentAdminApp);
        asDeveloper().post(app(environmentAdminApp) + "/secret").then().statusCode(403);
        asDeveloper().delete(app(environmentAdminApp) + "/secret").then().statusCode(403);
        assertThat(Api.secret(admin, envB, environmentAdminApp)).isEqualTo(before);
        asDeveloper().post(app(peer) + "/secret").then().statusCode(200);
        asDeveloper().delete(app(peer) + "/secret").then().statusCode(204);
    }

    @Test
    void aStrongerApplicationCannotBeSwitchedToTheAttackersKeysDisabledOrDeleted() {
        String toPrivateKeyJwt = """
                {"name":"taken","type":"WORKER","grantTypes":["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod":"PRIVATE_KEY_JWT","enabled":true,"jwks":%s}""".formatted(PUBLIC_JWKS);
        String disabled = """
                {"name":"off","type":"WORKER","grantTypes":["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod":"CLIENT_SECRET_BASIC","enabled":false}""";
        asDeveloper().body(toPrivateKeyJwt).put(app(environmentAdminApp)).then().statusCode(403);
        asDeveloper().body(disabled).put(app(environmentAdminApp)).then().statusCode(403);
        asDeveloper().post(app(environmentAdminApp) + "/tokenRevocation").then().statusCode(403);
        asDeveloper().delete(app(environmentAdminApp)).then().statusCode(403);
        Admin.as(admin).get(app(environmentAdminApp)).then().statusCode(200)
                .body("tokenEndpointAuthMethod", org.hamcrest.Matchers.equalTo("CLIENT_SECRET_BASIC"))
                .body("enabled", org.hamcrest.Matchers.equalTo(true));

        asDeveloper().body(toPrivateKeyJwt).put(app(peer)).then().statusCode(200);
        asDeveloper().post(app(peer) + "/tokenRevocation").then().statusCode(200);
        asDeveloper().body(disabled).put(app(peer)).then().statusCode(200);
        asDeveloper().delete(app(peer)).then().statusCode(204);
    }

    @Test
    void rolesOfAStrongerApplicationCannotBeChangedByAWeakerAdministrator() {
        String environmentAdminToken = Admin.token(envB, environmentAdminApp, Api.secret(admin, envB, environmentAdminApp));
        // ENVIRONMENT_ADMIN may grant READ_ONLY on its environment, but not to an ORGANIZATION_ADMIN application...
        assertThat(Api.assignRole(environmentAdminToken, envB, organizationAdminApp, "READ_ONLY", envB)).isEqualTo(403);
        List<String> assignments = Admin.as(admin).get(app(organizationAdminApp) + "/roleAssignments")
                .then().statusCode(200).extract().path("_embedded.roleAssignments.id");
        Admin.as(environmentAdminToken).delete(app(organizationAdminApp) + "/roleAssignments/" + assignments.get(0))
                .then().statusCode(403);
        // ...nor touch its grants
        String resource = Admin.as(admin).body("{\"name\":\"orders\"}").post("/v1/environments/" + envB + "/resources")
                .then().statusCode(201).extract().path("id");
        String scope = Admin.as(admin).body("{\"name\":\"read\"}").post("/v1/environments/" + envB + "/resources/" + resource + "/scopes")
                .then().statusCode(201).extract().path("id");
        String grant = "{\"resource\":{\"id\":\"" + resource + "\"},\"scopes\":[{\"id\":\"" + scope + "\"}]}";
        Admin.as(environmentAdminToken).body(grant).post(app(organizationAdminApp) + "/grants").then().statusCode(403);
        // the same calls on an application it covers
        assertThat(Api.assignRole(environmentAdminToken, envB, peer, "READ_ONLY", envB)).isEqualTo(201);
        Admin.as(environmentAdminToken).body(grant).post(app(peer) + "/grants").then().statusCode(201);
    }

    @Test
    void anEnvironmentHoldingAStrongerApplicationCannotBeDeleted() {
        String envC = Api.environment(admin);
        String envD = Api.environment(admin);
        String manager = Api.application(admin, envB, "CLIENT_SECRET_BASIC");
        Api.assignRole(admin, envB, manager, "ENVIRONMENT_ADMIN", envC);
        String managerToken = Admin.token(envB, manager, Api.secret(admin, envB, manager));
        // envC holds an application that administers envD, which the manager does not
        String outsider = Api.application(admin, envC, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, envC, outsider, "ENVIRONMENT_ADMIN", envD)).isEqualTo(201);
        Admin.as(managerToken).delete("/v1/environments/" + envC).then().statusCode(403);
        Admin.as(admin).get("/v1/environments/" + envC).then().statusCode(200);

        Admin.as(admin).delete(app(outsider).replace(envB, envC)).then().statusCode(204);
        Admin.as(managerToken).delete("/v1/environments/" + envC).then().statusCode(204);
    }
}
