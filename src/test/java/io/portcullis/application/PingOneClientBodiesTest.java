package io.portcullis.application;

import io.portcullis.environment.Organization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bodies PingOne's own clients send, replayed verbatim over HTTP, and what they read back:
 * pingone-go-sdk-v2 (management/model_*.go), terraform-provider-pingone (internal/service/sso/*.go)
 * and PingOne's Postman collection. Each test names the source it replays.
 */
@QuarkusTest
class PingOneClientBodiesTest {

    String admin;
    String env;
    String apps;

    @BeforeEach
    void setUp() {
        admin = Admin.token();
        env = Api.environment(admin);
        apps = "/v1/environments/" + env + "/applications";
    }

    /** pingone-go-sdk-v2 management/model_application_oidc.go: NewApplicationOIDC(...) as ToMap serializes it, with SetAssignActorRoles(false). */
    @Test
    void theGoSdksApplicationOidcIsAcceptedAndReadBack() {
        String body = """
                {"enabled": true, "name": "sdk-worker", "protocol": "OPENID_CONNECT", "type": "WORKER",
                 "additionalRefreshTokenReplayProtectionEnabled": true, "assignActorRoles": false,
                 "deviceTimeout": 600, "devicePollingInterval": 5, "grantTypes": ["CLIENT_CREDENTIALS"],
                 "refreshTokenDuration": 2592000, "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC",
                 "parRequirement": "OPTIONAL", "parTimeout": 60}""";
        String id = Admin.as(admin).body(body).post(apps).then().statusCode(201)
                .body("enabled", equalTo(true)).body("parTimeout", equalTo(60)).body("$", not(hasKey("assignActorRoles")))
                .extract().path("id");
        Admin.as(admin).get(apps + "/" + id).then().statusCode(200)
                .body("deviceTimeout", equalTo(600)).body("devicePollingInterval", equalTo(5))
                .body("refreshTokenDuration", equalTo(2592000)).body("parRequirement", equalTo("OPTIONAL"))
                .body("additionalRefreshTokenReplayProtectionEnabled", equalTo(true));
        // what it creates is a working client: a management token once it holds a role
        Api.assignRole(admin, env, id, "READ_ONLY", env);
        assertThat(Api.tokenStatus(env, id, Api.secret(admin, env, id))).isEqualTo(200);
    }

    /**
     * terraform-provider-pingone internal/service/sso/resource_application.go: oidc_options of a
     * WORKER with its schema defaults, and the issue's list of fields the provider always sends.
     * Terraform fails the apply unless every planned value reads back equal.
     */
    @Test
    void terraformsPingoneApplicationReadsBackWhatItPlanned() {
        Map<String, Object> planned = new HashMap<>(Map.ofEntries(
                Map.entry("enabled", true), Map.entry("name", "tf-worker"), Map.entry("description", "managed by terraform"),
                Map.entry("hiddenFromAppPortal", false), Map.entry("protocol", "OPENID_CONNECT"), Map.entry("type", "WORKER"),
                Map.entry("grantTypes", List.of("CLIENT_CREDENTIALS")), Map.entry("tokenEndpointAuthMethod", "CLIENT_SECRET_BASIC"),
                Map.entry("pkceEnforcement", "OPTIONAL"), Map.entry("refreshTokenDuration", 2592000),
                Map.entry("refreshTokenRollingDuration", 15552000), Map.entry("allowWildcardInRedirectUris", false),
                Map.entry("supportUnsignedRequestObject", false), Map.entry("requireSignedRequestObject", false),
                Map.entry("additionalRefreshTokenReplayProtectionEnabled", true), Map.entry("parRequirement", "OPTIONAL"),
                Map.entry("parTimeout", 60), Map.entry("deviceTimeout", 600), Map.entry("devicePollingInterval", 5),
                Map.entry("opSessionCheckEnabled", false), Map.entry("requestScopesForMultipleResourcesEnabled", false),
                Map.entry("redirectUris", List.of("https://app.example.com/callback")),
                Map.entry("tags", List.of("PING_FED_CONNECTION_INTEGRATION")),
                Map.entry("accessControl", Map.of("role", Map.of("type", "ADMIN_USERS_ONLY")))));
        Map<String, Object> sent = new HashMap<>(planned);
        sent.put("assignActorRoles", false); // sent on create only, never read back
        Map<String, Object> created = Admin.as(admin).body(sent).post(apps).then().statusCode(201).extract().as(Map.class);
        Map<String, Object> read = Admin.as(admin).get(apps + "/" + created.get("id")).then().statusCode(200).extract().as(Map.class);
        assertThat(read).containsAllEntriesOf(planned);
        assertThat(read).containsEntry("environment", Map.of("id", env));
    }

    /** PingOne's Postman collection, "Configure a non-interactive worker application", step 1: the body verbatim. */
    @Test
    void thePostmanWorkerAppBodyWorksVerbatim() {
        String body = """
                {
                    "enabled": true,
                    "name": "UseCaseWorkerApp_1764640000",
                    "description": "UseCaseWorkerApp",
                    "type": "WORKER",
                    "protocol": "OPENID_CONNECT",
                    "grantTypes": [
                        "CLIENT_CREDENTIALS"
                    ],
                    "postLogoutRedirectUris": [
                        "https://example.com/logout"
                    ],
                    "redirectUris": [
                        "https://example.com"
                    ],
                    "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC",
                    "pkceEnforcement": "OPTIONAL",
                    "refreshTokenDuration": 86400,
                    "refreshTokenRollingDuration": 86400
                }""";
        Admin.as(admin).body(body).post(apps).then().statusCode(201)
                .body("enabled", equalTo(true)).body("redirectUris", equalTo(List.of("https://example.com")))
                .body("refreshTokenDuration", equalTo(86400)).body("refreshTokenRollingDuration", equalTo(86400));
    }

    @Test
    void enabledDefaultsToFalseAsInPingOne() {
        Admin.as(admin).body("""
                {"name": "quiet", "type": "WORKER", "protocol": "OPENID_CONNECT", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"}""").post(apps).then().statusCode(201)
                .body("enabled", equalTo(false)).body("pkceEnforcement", equalTo("OPTIONAL"))
                .body("hiddenFromAppPortal", equalTo(false));
    }

    @Test
    void unknownFieldsAndBadValuesAreStillRefused() {
        String base = """
                {"name": "x", "enabled": true, "type": "WORKER", "grantTypes": ["CLIENT_CREDENTIALS"],
                 "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC", %s}""";
        Map<String, String> bad = Map.of(
                "\"enabeld\": true", "enabeld",
                "\"pkceEnforcement\": \"SOMETIMES\"", "pkceEnforcement",
                "\"parTimeout\": 0", "parTimeout",
                "\"parTimeout\": \"60\"", "parTimeout",
                "\"responseTypes\": [\"TOKEN\", \"SOMETHING\"]", "responseTypes[1]",
                "\"accessControl\": \"admins\"", "accessControl",
                "\"refreshTokenRollingGracePeriodDuration\": 86401", "refreshTokenRollingGracePeriodDuration",
                "\"hiddenFromAppPortal\": \"no\"", "hiddenFromAppPortal");
        bad.forEach((field, target) -> Admin.as(admin).body(base.formatted(field)).post(apps).then().statusCode(400)
                .body("code", equalTo("INVALID_DATA")).body("details.target", hasItem(target)));
        Admin.as(admin).get(apps).then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void anApplicationReadWithGetCanBePutBack() {
        String id = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        Admin.as(admin).post(apps + "/" + id + "/tokenRevocation").then().statusCode(200); // sets tokensNotBefore
        Map<String, Object> read = Admin.as(admin).get(apps + "/" + id).then().statusCode(200).extract().as(Map.class);
        assertThat(read).containsKeys("tokensNotBefore", "environment", "_links", "createdAt");
        Map<String, Object> put = Admin.as(admin).body(read).put(apps + "/" + id).then().statusCode(200).extract().as(Map.class);
        read.remove("updatedAt");
        put.remove("updatedAt");
        assertThat(put).isEqualTo(read);
    }

    /** terraform-provider-pingone internal/service/sso/resource_application_secret.go reads environment.id of the secret. */
    @Test
    void theSecretCarriesItsEnvironment() {
        String id = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        Admin.as(admin).get(apps + "/" + id + "/secret").then().statusCode(200)
                .body("environment.id", equalTo(env)).body("secret.length()", org.hamcrest.Matchers.greaterThanOrEqualTo(64));
    }

    /** pingone-go-sdk-v2 management/model_role.go: id, name, applicableTo, permissions[{classifier, description}]. */
    @Test
    void rolesAreListedWithStableIdsAndPingOnesNames() {
        List<Map<String, Object>> roles = Admin.as(admin).get("/v1/roles").then().statusCode(200).extract().path("_embedded.roles");
        assertThat(roles).extracting(r -> r.get("name"))
                .containsExactly("Organization Admin", "Environment Admin", "Client Application Developer", "Configuration Read Only");
        Map<String, Object> environmentAdmin = roles.get(1);
        assertThat((List<?>) environmentAdmin.get("permissions")).isNotEmpty()
                .allSatisfy(p -> assertThat((Map<String, Object>) p).containsKeys("classifier", "description"));
        Admin.as(admin).get("/v1/roles/" + environmentAdmin.get("id")).then().statusCode(200)
                .body("name", equalTo("Environment Admin")).body("applicableTo", equalTo(List.of("ENVIRONMENT")));
        // stable: a name-based id, the same in every installation
        assertThat(environmentAdmin.get("id")).isEqualTo(
                java.util.UUID.nameUUIDFromBytes("portcullis-role:ENVIRONMENT_ADMIN".getBytes()).toString());
        Admin.as(admin).get("/v1/roles/" + java.util.UUID.randomUUID()).then().statusCode(404);
        io.restassured.RestAssured.given().get("/v1/roles").then().statusCode(401);
    }

    /**
     * pingone-go-sdk-v2 management/model_role_assignment.go (NewRoleAssignment(role, scope)) and
     * terraform-provider-pingone internal/service/sso/resource_application_role_assignment.go:
     * role and scope by id, the ORGANIZATION scope naming the organization.
     */
    @Test
    void roleAssignmentsByIdAsPingOneClientsSendThem() {
        String app = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        String path = apps + "/" + app + "/roleAssignments";
        String environmentAdmin = roleId("Environment Admin");
        String organizationAdmin = roleId("Organization Admin");
        String assignment = Admin.as(admin).body("""
                {"role": {"id": "%s"}, "scope": {"id": "%s", "type": "ENVIRONMENT"}}""".formatted(environmentAdmin, env))
                .post(path).then().statusCode(201)
                .body("role.id", equalTo(environmentAdmin)).body("scope.id", equalTo(env)).body("scope.type", equalTo("ENVIRONMENT"))
                .body("environment.id", equalTo(env)).body("readOnly", equalTo(false))
                .extract().path("id");
        Admin.as(admin).get(path + "/" + assignment).then().statusCode(200).body("role.id", equalTo(environmentAdmin));
        String organization = Organization.ID.toString();
        Admin.as(admin).body("""
                {"role": {"id": "%s"}, "scope": {"id": "%s", "type": "ORGANIZATION"}}""".formatted(organizationAdmin, organization))
                .post(path).then().statusCode(201).body("scope.id", equalTo(organization));
        Admin.as(admin).body("""
                {"role": {"id": "%s"}, "scope": {"id": "%s", "type": "ORGANIZATION"}}""".formatted(organizationAdmin, env))
                .post(path).then().statusCode(400).body("details[0].target", equalTo("scope.id"));
        Admin.as(admin).body("""
                {"role": {"id": "%s"}, "scope": {"id": "%s", "type": "ENVIRONMENT"}}""".formatted(java.util.UUID.randomUUID(), env))
                .post(path).then().statusCode(400).body("details[0].target", equalTo("role.id"));

        // the enforcement rules hold by id too: a developer cannot hand out more than it holds
        String developer = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        Api.assignRole(admin, env, developer, "ENVIRONMENT_ADMIN", env);
        String developerToken = Admin.token(env, developer, Api.secret(admin, env, developer));
        String plain = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        Admin.as(developerToken).body("""
                {"role": {"id": "%s"}, "scope": {"id": "%s", "type": "ORGANIZATION"}}""".formatted(organizationAdmin, organization))
                .post(apps + "/" + plain + "/roleAssignments").then().statusCode(403);
        // ...and sees an assignment it could not remove as readOnly (PingOne's meaning of the field)
        Admin.as(developerToken).get(path).then().statusCode(200)
                .body("_embedded.roleAssignments.find { it.role.id == '%s' }.readOnly".formatted(organizationAdmin), equalTo(true))
                .body("_embedded.roleAssignments.find { it.role.id == '%s' }.readOnly".formatted(environmentAdmin), equalTo(false));
    }

    /** terraform-provider-pingone internal/service/sso/resource_application_resource_grant.go: PUT of what was read. */
    @Test
    void aGrantReadWithGetCanBePutBack() {
        String app = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        String resource = Admin.as(admin).body("{\"name\":\"orders\"}").post("/v1/environments/" + env + "/resources")
                .then().statusCode(201).extract().path("id");
        String scope = Admin.as(admin).body("{\"name\":\"orders:read\"}")
                .post("/v1/environments/" + env + "/resources/" + resource + "/scopes").then().statusCode(201).extract().path("id");
        String grant = Admin.as(admin).body("{\"resource\":{\"id\":\"" + resource + "\"},\"scopes\":[{\"id\":\"" + scope + "\"}]}")
                .post(apps + "/" + app + "/grants").then().statusCode(201).extract().path("id");
        Map<String, Object> read = Admin.as(admin).get(apps + "/" + app + "/grants/" + grant).then().statusCode(200).extract().as(Map.class);
        assertThat(read).containsKeys("application", "environment");
        Map<String, Object> put = Admin.as(admin).body(read).put(apps + "/" + app + "/grants/" + grant).then().statusCode(200)
                .extract().as(Map.class);
        read.remove("updatedAt");
        put.remove("updatedAt");
        assertThat(put).isEqualTo(read);
    }

    private String roleId(String name) {
        List<Map<String, Object>> roles = Admin.as(admin).get("/v1/roles").then().statusCode(200).extract().path("_embedded.roles");
        return roles.stream().filter(r -> name.equals(r.get("name"))).findFirst().orElseThrow().get("id").toString();
    }
}
