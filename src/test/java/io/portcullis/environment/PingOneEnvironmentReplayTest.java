package io.portcullis.environment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bodies PingOne's Go SDK ({@code patrickcping/pingone-go-sdk-v2}, management/model_*.go) and
 * Terraform provider ({@code pingidentity/terraform-provider-pingone}, internal/service/base) send for
 * environments, their bill of materials, the organization and its licence, replayed verbatim (Go's
 * encoding/json writes map keys in sorted order), and read back as those clients read them.
 */
@QuarkusTest
class PingOneEnvironmentReplayTest {

    static final String ORG = Organization.ID.toString();
    static final String LICENCE = Organization.LICENSE_ID.toString();

    String token;

    @BeforeEach
    void setUp() {
        token = Admin.token();
    }

    /**
     * internal/service/base/resource_environment.go, {@code environmentResourceModel.expand}:
     * NewEnvironment(license, name, region APICode, type) with a description and the bill of materials
     * of the default {@code service} block (SSO, i.e. PING_ONE_BASE); model_environment.go ToMap.
     */
    @Test
    void terraformEnvironmentCreateReadUpdateTypeAndDelete() {
        String name = "tf-" + UUID.randomUUID();
        String body = """
                {"billOfMaterials":{"products":[{"type":"PING_ONE_BASE"}]},"description":"Terraform env",\
                "license":{"id":"%s"},"name":"%s","region":"EU","type":"SANDBOX"}""".formatted(LICENCE, name);
        JsonPath created = Admin.as(token).body(body).post("/v1/environments").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        // toState reads: id, name, description, type, region, license.id, organization.id; Create reads billOfMaterials.
        assertThat(created.getString("name")).isEqualTo(name);
        assertThat(created.getString("description")).isEqualTo("Terraform env");
        assertThat(created.getString("type")).isEqualTo("SANDBOX");
        assertThat(created.getString("region")).isEqualTo("EU");
        assertThat(created.getString("license.id")).isEqualTo(LICENCE);
        assertThat(created.getString("organization.id")).isEqualTo(ORG);
        assertThat(created.getString("status")).isEqualTo("ACTIVE");
        assertThat(created.getList("billOfMaterials.products.type")).containsExactly("PING_ONE_BASE");

        // Read: ReadOneEnvironment, then ReadOneBillOfMaterials (api_bill_of_materials_bom.go).
        Admin.as(token).get("/v1/environments/" + id).then().statusCode(200)
                .body("region", equalTo("EU")).body("license.id", equalTo(LICENCE));
        Admin.as(token).get("/v1/environments/" + id + "/billOfMaterials").then().statusCode(200)
                .body("products.type", equalTo(List.of("PING_ONE_BASE")))
                .body("_links.self.href", startsWith("http"));

        // Update: UpdateEnvironmentType first (model_update_environment_type_request.go), then UpdateEnvironment.
        Admin.as(token).body("{\"type\":\"PRODUCTION\"}").put("/v1/environments/" + id + "/type").then().statusCode(200)
                .body("type", equalTo("PRODUCTION"));
        String renamed = body.replace("Terraform env", "changed").replace("SANDBOX", "PRODUCTION");
        Admin.as(token).body(renamed).put("/v1/environments/" + id).then().statusCode(200)
                .body("description", equalTo("changed")).body("type", equalTo("PRODUCTION")).body("region", equalTo("EU"));

        // UpdateBillOfMaterials with a console URL and bookmarks (model_bill_of_materials_products_inner*.go).
        String bom = """
                {"products":[{"type":"PING_ONE_BASE"},{"bookmarks":[{"href":"https://admin.example.com","name":"Admin"}],\
                "console":{"href":"https://console.example.com"},"type":"PING_FEDERATE"}],"solutionType":"CUSTOMER"}""";
        Admin.as(token).body(bom).put("/v1/environments/" + id + "/billOfMaterials").then().statusCode(200)
                .body("solutionType", equalTo("CUSTOMER"))
                .body("products[1].type", equalTo("PING_FEDERATE"))
                .body("products[1].console.href", equalTo("https://console.example.com"))
                .body("products[1].bookmarks[0].name", equalTo("Admin"))
                .body("products[1].bookmarks[0].href", equalTo("https://admin.example.com"));
        Admin.as(token).get("/v1/environments/" + id + "/billOfMaterials").then().statusCode(200)
                .body("products.type", equalTo(List.of("PING_ONE_BASE", "PING_FEDERATE")));

        // Delete: deleteEnvironment switches PRODUCTION back to SANDBOX when forced, then deletes; reads 404 after.
        Admin.as(token).body("{\"type\":\"SANDBOX\"}").put("/v1/environments/" + id + "/type").then().statusCode(200);
        Admin.as(token).delete("/v1/environments/" + id).then().statusCode(204);
        Admin.as(token).get("/v1/environments/" + id).then().statusCode(404);
    }

    /** A GET body sent back with PUT changes nothing (environment and bill of materials). */
    @Test
    void getPutRoundTrips() {
        String id = Admin.as(token).body("{\"name\":\"rt-" + UUID.randomUUID() + "\",\"region\":\"CA\",\"type\":\"PRODUCTION\","
                + "\"license\":{\"id\":\"" + LICENCE + "\"},\"billOfMaterials\":{\"products\":[{\"type\":\"PING_ONE_MFA\"}]}}")
                .post("/v1/environments").then().statusCode(201).extract().path("id");
        Map<String, Object> read = Admin.as(token).get("/v1/environments/" + id).then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> written = Admin.as(token).body(read).put("/v1/environments/" + id).then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertThat(without(written, "updatedAt")).isEqualTo(without(read, "updatedAt"));

        Map<String, Object> bom = Admin.as(token).get("/v1/environments/" + id + "/billOfMaterials").then().statusCode(200)
                .extract().jsonPath().getMap("");
        Map<String, Object> bomWritten = Admin.as(token).body(bom).put("/v1/environments/" + id + "/billOfMaterials")
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(without(bomWritten, "updatedAt")).isEqualTo(without(bom, "updatedAt"));
    }

    /** A body without PingOne's required fields (older Portcullis clients) takes NA, SANDBOX and the one licence. */
    @Test
    void omittedPingOneFieldsTakeDefaults() {
        Admin.as(token).body("{\"name\":\"plain-" + UUID.randomUUID() + "\"}").post("/v1/environments").then().statusCode(201)
                .body("region", equalTo("NA")).body("type", equalTo("SANDBOX")).body("license.id", equalTo(LICENCE))
                .body("billOfMaterials.products[0].type", equalTo("PING_ONE_BASE"));
    }

    /** Bad values get PingOne's error body naming the field, and create nothing. */
    @Test
    void badValuesAreRefusedWithTheFieldNamed() {
        String name = "bad-" + UUID.randomUUID();
        Map<String, String> cases = Map.of(
                "{\"name\":\"" + name + "\",\"license\":{\"id\":\"" + UUID.randomUUID() + "\"}}", "license.id",
                "{\"name\":\"" + name + "\",\"region\":\"MARS\"}", "region",
                "{\"name\":\"" + name + "\",\"type\":\"STAGING\"}", "type",
                "{\"name\":\"" + name + "\",\"billOfMaterials\":{\"products\":[{\"type\":\"PING_ONE_TOASTER\"}]}}",
                "billOfMaterials.products[0].type",
                "{\"name\":\"" + name + "\",\"icon\":\"x\"}", "icon");
        cases.forEach((body, target) -> Admin.as(token).body(body).post("/v1/environments").then().statusCode(400)
                .body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo(target)));
        Admin.as(token).get("/v1/environments?filter=name eq \"" + name + "\"").then().statusCode(200).body("count", equalTo(0));

        String id = Api.environment(token);
        Admin.as(token).body("{\"name\":\"x-" + UUID.randomUUID() + "\",\"region\":\"AP\"}").put("/v1/environments/" + id)
                .then().statusCode(400).body("details[0].target", equalTo("region"));
        Admin.as(token).body("{\"type\":\"nope\"}").put("/v1/environments/" + id + "/type").then().statusCode(400);
    }

    /**
     * internal/service/base/data_source_environment.go ({@code name sw "…"}), data_source_environments.go
     * ({@code (name sw "TEST-") AND (license.id eq "…")}) and the sweepers' {@code name sw "tf-testacc-"}.
     */
    @Test
    void filtersTheProviderSends() {
        String prefix = "flt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String a = Admin.as(token).body("{\"name\":\"" + prefix + "a\"}").post("/v1/environments").then().statusCode(201).extract().path("id");
        String b = Admin.as(token).body("{\"name\":\"" + prefix + "b\"}").post("/v1/environments").then().statusCode(201).extract().path("id");

        Admin.as(token).queryParam("filter", "name sw \"" + prefix + "\"").get("/v1/environments").then().statusCode(200)
                .body("count", equalTo(2)).body("_embedded.environments.id", equalTo(List.of(a, b).stream().sorted().toList()));
        Admin.as(token).queryParam("filter", "name eq \"" + prefix + "a\"").get("/v1/environments").then().statusCode(200)
                .body("_embedded.environments.id", equalTo(List.of(a)));
        Admin.as(token).queryParam("filter", "(name sw \"" + prefix + "\") AND (license.id eq \"" + LICENCE + "\")")
                .get("/v1/environments").then().statusCode(200).body("count", equalTo(2));
        Admin.as(token).queryParam("filter", "(name sw \"" + prefix + "\") and (license.id eq \"" + UUID.randomUUID() + "\")")
                .get("/v1/environments").then().statusCode(200).body("count", equalTo(0));
        Admin.as(token).queryParam("filter", "id eq \"" + b + "\" or id eq \"" + a + "\"").get("/v1/environments")
                .then().statusCode(200).body("count", equalTo(2));
        Admin.as(token).queryParam("filter", "organization.id eq \"" + ORG + "\" and name eq \"" + prefix + "b\"")
                .get("/v1/environments").then().statusCode(200).body("_embedded.environments.id", equalTo(List.of(b)));
        // A wildcard in a prefix is literal.
        Admin.as(token).queryParam("filter", "name sw \"" + prefix.substring(0, 4) + "%\"").get("/v1/environments")
                .then().statusCode(200).body("count", equalTo(0));

        // The filter survives paging: the next link carries it.
        String next = Admin.as(token).queryParam("filter", "name sw \"" + prefix + "\"").queryParam("limit", "1")
                .get("/v1/environments").then().statusCode(200).body("count", equalTo(2)).extract().path("_links.next.href");
        assertThat(next).contains("filter=");
        Admin.as(token).urlEncodingEnabled(false).get(next.substring(next.indexOf("/v1/"))).then().statusCode(200)
                .body("_embedded.environments.id", equalTo(List.of(List.of(a, b).stream().sorted().toList().get(1))))
                .body("_links", not(org.hamcrest.Matchers.hasKey("next")));

        for (String unsupported : List.of("description eq \"x\"", "name co \"x\"", "name eq x", "(name eq \"x\"", "id sw \"a\"",
                "name eq \"x\" xor name eq \"y\"")) {
            Admin.as(token).queryParam("filter", unsupported).get("/v1/environments").then().statusCode(400)
                    .body("code", equalTo("INVALID_DATA"))
                    .body("details[0].code", equalTo("INVALID_FILTER"))
                    .body("details[0].target", equalTo("filter"));
        }
    }

    /**
     * internal/service/base/data_source_organization.go and data_source_licenses.go
     * (ReadAllLicenses with a SCIM filter on name, package, status), data_source_license.go (ReadOneLicense):
     * the licence listed is the one an environment must name.
     */
    @Test
    void organizationAndLicence() {
        Admin.as(token).get("/v1/organizations").then().statusCode(200)
                .body("_embedded.organizations.id", equalTo(List.of(ORG)))
                .body("_embedded.organizations[0].name", equalTo("Portcullis"));
        Admin.as(token).get("/v1/organizations/" + ORG).then().statusCode(200).body("id", equalTo(ORG)).body("type", equalTo("INTERNAL"));
        Admin.as(token).get("/v1/organizations/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("NOT_FOUND"));

        String licences = "/v1/organizations/" + ORG + "/licenses";
        Admin.as(token).get(licences).then().statusCode(200)
                .body("_embedded.licenses.id", equalTo(List.of(LICENCE)))
                .body("_embedded.licenses[0].status", equalTo("ACTIVE"))
                .body("_embedded.licenses[0].package", equalTo("PORTCULLIS"))
                .body("_embedded.licenses[0].organization.id", equalTo(ORG));
        Admin.as(token).queryParam("filter", "status eq \"ACTIVE\"").get(licences).then().statusCode(200).body("count", equalTo(1));
        Admin.as(token).queryParam("filter", "name eq \"Portcullis\" and status eq \"EXPIRED\"").get(licences)
                .then().statusCode(200).body("count", equalTo(0)).body("_embedded.licenses", equalTo(List.of()));
        Admin.as(token).queryParam("filter", "status eq \"EXPIRED\" or package eq \"PORTCULLIS\"").get(licences)
                .then().statusCode(200).body("count", equalTo(1));
        Admin.as(token).queryParam("filter", "seats gt \"1\"").get(licences).then().statusCode(400);
        Admin.as(token).get(licences + "/" + LICENCE).then().statusCode(200).body("name", equalTo("Portcullis"));
        Admin.as(token).get(licences + "/" + UUID.randomUUID()).then().statusCode(404);

        // Anonymous callers learn nothing.
        given().get("/v1/organizations").then().statusCode(401);
        given().get(licences).then().statusCode(401);
    }

    /** Terraform retries a 403 whose message starts with PingOne's text (sdk.DefaultCreateReadRetryable). */
    @Test
    void forbiddenCarriesPingOnesText() {
        String home = Api.environment(token);
        String app = Api.application(token, home, "CLIENT_SECRET_BASIC");
        Api.assignRole(token, home, app, "READ_ONLY", home);
        String readOnly = Admin.token(home, app, Api.secret(token, home, app));
        Admin.as(readOnly).body("{\"products\":[{\"type\":\"PING_ONE_BASE\"}]}").put("/v1/environments/" + home + "/billOfMaterials")
                .then().statusCode(403)
                .body("code", equalTo("ACCESS_FAILED"))
                .body("message", startsWith("The actor attempting to perform the request is not authorized."));
        Admin.as(readOnly).get("/v1/environments/" + home + "/billOfMaterials").then().statusCode(200);
        Admin.as(readOnly).body("{\"type\":\"PRODUCTION\"}").put("/v1/environments/" + home + "/type").then().statusCode(403);
        // A caller scoped to one environment lists only it, filter or not.
        Admin.as(readOnly).queryParam("filter", "name sw \"\"").get("/v1/environments").then().statusCode(200)
                .body("_embedded.environments.id", equalTo(List.of(home)))
                .body("_embedded.environments.id", not(hasItem(Admin.environmentId())));
    }

    private static Map<String, Object> without(Map<String, Object> map, String key) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(map);
        copy.remove(key);
        return copy;
    }
}
