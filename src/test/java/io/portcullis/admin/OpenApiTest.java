package io.portcullis.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi describes every management and auth route. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyRouteIsDocumented() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Map<String, String[]> expected = Map.ofEntries(
                Map.entry("/v1/environments", new String[] {"get", "post"}),
                Map.entry("/v1/environments/{envID}", new String[] {"get", "put", "delete"}),
                Map.entry("/v1/environments/{envID}/applications", new String[] {"get", "post"}),
                Map.entry("/v1/environments/{envID}/applications/{appID}", new String[] {"get", "put", "delete"}),
                Map.entry("/v1/environments/{envID}/applications/{appID}/secret", new String[] {"get", "post", "delete"}),
                Map.entry("/v1/environments/{envID}/applications/{appID}/grants", new String[] {"get", "post"}),
                Map.entry("/v1/environments/{envID}/applications/{appID}/grants/{grantID}", new String[] {"get", "put", "delete"}),
                Map.entry("/v1/environments/{envID}/applications/{appID}/roleAssignments", new String[] {"get", "post"}),
                Map.entry("/v1/environments/{envID}/resources", new String[] {"get", "post"}),
                Map.entry("/v1/environments/{envID}/resources/{resourceID}", new String[] {"get", "put", "delete"}),
                Map.entry("/v1/environments/{envID}/resources/{resourceID}/scopes", new String[] {"get", "post"}),
                Map.entry("/v1/environments/{envID}/resources/{resourceID}/scopes/{scopeID}", new String[] {"get", "put", "delete"}),
                Map.entry("/v1/environments/{envID}/keys", new String[] {"get", "post"}),
                Map.entry("/v1/environments/{envID}/keys/{keyID}", new String[] {"get", "put", "delete"}),
                Map.entry("/v1/environments/{envID}/activities", new String[] {"get"}),
                Map.entry("/v1/environments/{envID}/type", new String[] {"put"}),
                Map.entry("/v1/environments/{envID}/billOfMaterials", new String[] {"get", "put"}),
                Map.entry("/v1/environments/{envID}/resources/{resourceID}/secret", new String[] {"get", "post"}),
                Map.entry("/v1/organizations", new String[] {"get"}),
                Map.entry("/v1/organizations/{orgID}", new String[] {"get"}),
                Map.entry("/v1/organizations/{orgID}/licenses", new String[] {"get"}),
                Map.entry("/v1/organizations/{orgID}/licenses/{licenseID}", new String[] {"get"}),
                Map.entry("/{envID}/as/token", new String[] {"post"}),
                Map.entry("/{envID}/as/jwks", new String[] {"get"}),
                Map.entry("/{envID}/as/introspect", new String[] {"post"}),
                Map.entry("/{envID}/as/revoke", new String[] {"post"}),
                Map.entry("/{envID}/as/.well-known/openid-configuration", new String[] {"get"}),
                Map.entry("/{envID}/as/.well-known/oauth-authorization-server", new String[] {"get"}));
        expected.forEach((path, methods) -> {
            assertThat(paths).as("documented paths").containsKey(path);
            assertThat(paths.get(path)).as(path).containsKeys(methods);
        });
    }
}
