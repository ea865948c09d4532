package io.portcullis.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The organization keeps an enabled ORGANIZATION_ADMIN: its last holder can neither lose the role
 * nor be disabled, so that no one has to edit the database to get back in. Runs on a database of
 * its own, where the bootstrap worker starts as the only holder.
 */
@QuarkusTest
@TestProfile(LastOrganizationAdminTest.OwnDatabase.class)
class LastOrganizationAdminTest {

    /** A profile of its own: a fresh application and database, with no other test's administrators. */
    public static class OwnDatabase implements QuarkusTestProfile {}

    @Test
    void theLastOrganizationAdminCannotLoseTheRoleNorBeDisabled() {
        String bootstrap = Admin.token();
        String home = Admin.environmentId();
        String second = Api.application(bootstrap, home, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(bootstrap, home, second, "ORGANIZATION_ADMIN", null)).isEqualTo(201);
        String secondToken = Admin.token(home, second, Api.secret(bootstrap, home, second));

        // two holders: one may lose the role (the legitimate call)
        String bootstrapAssignment = organizationAdminAssignment(secondToken, home, Admin.clientId());
        Admin.as(secondToken).delete(path(home, Admin.clientId()) + "/roleAssignments/" + bootstrapAssignment)
                .then().statusCode(204);

        // the last one may not, nor be disabled
        String ownAssignment = organizationAdminAssignment(secondToken, home, second);
        Admin.as(secondToken).delete(path(home, second) + "/roleAssignments/" + ownAssignment)
                .then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        Admin.as(secondToken).body("""
                {"name":"last","type":"WORKER","grantTypes":["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod":"CLIENT_SECRET_BASIC","enabled":false}""")
                .put(path(home, second)).then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        Admin.as(secondToken).delete(path(home, second)).then().statusCode(400);
        Admin.as(secondToken).get("/v1/environments").then().statusCode(200);

        // with a holder back, disabling is a normal change again
        assertThat(Api.assignRole(secondToken, home, Admin.clientId(), "ORGANIZATION_ADMIN", null)).isEqualTo(201);
        Admin.as(Admin.token()).body("""
                {"name":"last","type":"WORKER","grantTypes":["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod":"CLIENT_SECRET_BASIC","enabled":false}""")
                .put(path(home, second)).then().statusCode(200);
    }

    private static String path(String environmentId, String applicationId) {
        return "/v1/environments/" + environmentId + "/applications/" + applicationId;
    }

    private static String organizationAdminAssignment(String token, String environmentId, String applicationId) {
        List<String> ids = Admin.as(token).get(path(environmentId, applicationId) + "/roleAssignments")
                .then().statusCode(200).extract().path("_embedded.roleAssignments.findAll { it.role.name == 'ORGANIZATION_ADMIN' }.id");
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }
}
