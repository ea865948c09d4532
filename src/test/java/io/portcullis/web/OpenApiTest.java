package io.portcullis.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.support.Admin;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at /q/openapi says what the server does: every route the application
 * declares is documented (a new one without documentation fails here), every management
 * operation needs the bearer token and answers as documented, creates are 201, and the token
 * endpoint takes the form fields a real token request uses.
 */
@QuarkusTest
class OpenApiTest {

    private static final Map<Class<? extends Annotation>, String> HTTP_METHODS = Map.of(
            GET.class, "get", POST.class, "post", PUT.class, "put", DELETE.class, "delete", PATCH.class, "patch");

    @Inject
    Fixtures fixtures;

    JsonPath document;

    @BeforeEach
    void readDocument() {
        document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    /**
     * Routes kept out of the document on purpose ({@code @Operation(hidden = true)}), each with its
     * reason; none today. Hiding a route without adding it here fails.
     */
    private static final Map<String, String> HIDDEN = Map.of();

    @Test
    void everyDeclaredRouteIsDocumentedAndNothingElse() {
        Set<String> hidden = new TreeSet<>();
        Set<String> declared = declaredRoutes(hidden);
        assertThat(hidden).as("hidden routes").containsExactlyInAnyOrderElementsOf(HIDDEN.keySet());
        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(HTTP_METHODS::containsValue)
                .forEach(method -> documented.add(method + " " + path)));
        assertThat(declared).as("routes found in the @Path annotations").hasSizeGreaterThan(20)
                // the scan sees nested sub-paths and every resource class, PingFederate's included
                .contains("delete /v1/environments/{envID}/applications/{appID}/roleAssignments/{assignmentID}",
                        "post /v1/environments/{envID}/applications/{appID}/tokenRevocation",
                        "post /as/token.oauth2", "put /pf-admin-api/v1/oauth/clients/{id}");
        assertThat(documented).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void everyManagementOperationRequiresTheBearerTokenAndAnswersAsDocumented() {
        assertThat(document.getMap("components.securitySchemes")).containsOnlyKeys("bearer", "clientSecretBasic");
        String token = Admin.token();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<String> checked = new ArrayList<>();
        paths.forEach((path, operations) -> {
            if (!path.startsWith("/v1/")) {
                return;
            }
            operations.forEach((method, operation) -> {
                if (!HTTP_METHODS.containsValue(method)) {
                    return;
                }
                String where = method.toUpperCase() + " " + path;
                assertThat(operation.get("security")).as(where).isEqualTo(List.of(Map.of("bearer", List.of())));
                @SuppressWarnings("unchecked")
                Set<String> statuses = ((Map<String, Object>) operation.get("responses")).keySet();
                assertThat(statuses).as(where).contains("400", "401", "403", "503");
                String url = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());

                Response anonymous = method.equals("get") || method.equals("delete")
                        ? given().request(method, url)
                        : given().contentType("application/json").body("{}").request(method, url);
                if (method.equals("get") || method.equals("delete")) {
                    assertThat(anonymous.statusCode()).as(where + " without a token").isEqualTo(401);
                    assertThat(anonymous.jsonPath().getString("code")).as(where).isEqualTo("ACCESS_FAILED");
                } else {
                    // A body is validated before the caller is known: an invalid one may get 400 first.
                    assertThat(anonymous.statusCode()).as(where + " without a token").isIn(400, 401);
                }
                assertThat(anonymous.jsonPath().getString("id")).as(where).isNotBlank();

                // The administrator on objects that do not exist: whatever the answer, it is documented.
                Response unknown = Admin.as(token).body("{}").request(method, url);
                assertThat(statuses).as(where + " answered " + unknown.statusCode() + ": " + unknown.asString())
                        .contains(String.valueOf(unknown.statusCode()));
                checked.add(where);
            });
        });
        assertThat(checked).hasSizeGreaterThan(20);
    }

    @Test
    void createsAre201AndDeletes204AsTheServerAnswers() {
        assertThat(responses("/v1/environments", "post")).containsKey("201").doesNotContainKey("200");
        assertThat(document.getString("paths.'/v1/environments'.post.responses.'201'.content.'application/json'.schema.'$ref'"))
                .as("the created environment's schema").isNotBlank();
        assertThat(responses("/v1/environments/{envID}", "delete")).containsKey("204").doesNotContainKey("200");

        String token = Admin.token();
        Response created = Admin.as(token).body("{\"name\":\"openapi-" + UUID.randomUUID() + "\"}").post("/v1/environments");
        created.then().statusCode(201);
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/v1/environments/" + id);
        Admin.as(token).delete("/v1/environments/" + id).then().statusCode(204);
    }

    @Test
    void theTokenEndpointTakesTheFormFieldsARealRequestUses() {
        Map<String, Object> content = document.getMap("paths.'/{envID}/as/token'.post.requestBody.content");
        assertThat(content).containsOnlyKeys("application/x-www-form-urlencoded");
        Set<String> fields = fields(document.getString(
                "paths.'/{envID}/as/token'.post.requestBody.content.'application/x-www-form-urlencoded'.schema.'$ref'"));
        assertThat(fields).contains(
                "grant_type", "scope", "resource",
                "client_id", "client_secret", "client_assertion_type", "client_assertion",
                "subject_token", "subject_token_type", "actor_token", "actor_token_type");
        assertThat(document.getList("paths.'/{envID}/as/token'.post.security")).contains(Map.of("clientSecretBasic", List.of()));
        assertThat(responses("/{envID}/as/token", "post")).containsKeys("200", "400", "401", "429", "503");
        for (String endpoint : List.of("introspect", "revoke")) {
            assertThat(fields(document.getString("paths.'/{envID}/as/" + endpoint
                    + "'.post.requestBody.content.'application/x-www-form-urlencoded'.schema.'$ref'")))
                    .contains("token", "token_type_hint", "client_id", "client_secret", "client_assertion");
        }

        // client_secret_post with exactly the documented field names gets a token shaped as documented.
        UUID env = fixtures.environment().id;
        CreatedApp app = fixtures.application(env, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env, app.app().id, fixtures.resource(env, "orders", null, "orders:read"), "orders:read");
        Response token = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("scope", "orders:read")
                .formParam("client_id", app.clientId()).formParam("client_secret", app.secret())
                .post("/" + env + "/as/token");
        token.then().statusCode(200);
        List<String> required = document.getList("components.schemas.TokenResponse.required");
        assertThat(token.jsonPath().getMap("")).containsKeys(required.toArray(String[]::new));
        // ...and a wrong secret gets the documented invalid_client
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("client_id", app.clientId())
                .formParam("client_secret", "wrong").post("/" + env + "/as/token")
                .then().statusCode(401).body("error", org.hamcrest.Matchers.equalTo(
                        document.getString("components.responses.OAuthUnauthorized.content.'application/json'.example.error")));
    }

    private Map<String, Object> responses(String path, String method) {
        return document.getMap("paths.'" + path + "'." + method + ".responses");
    }

    /** The property names of a schema, through $ref, allOf and oneOf. */
    @SuppressWarnings("unchecked")
    private Set<String> fields(String ref) {
        assertThat(ref).as("a schema reference").startsWith("#/components/schemas/");
        Map<String, Object> schema = document.getMap("components.schemas." + ref.substring("#/components/schemas/".length()));
        Set<String> names = new TreeSet<>();
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.keySet().forEach(name -> names.add((String) name));
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.get(combinator) instanceof List<?> parts) {
                for (Object part : parts) {
                    Map<String, Object> piece = (Map<String, Object>) part;
                    if (piece.get("$ref") instanceof String inner) {
                        names.addAll(fields(inner));
                    } else if (piece.get("properties") instanceof Map<?, ?> properties) {
                        properties.keySet().forEach(name -> names.add((String) name));
                    }
                }
            }
        }
        return names;
    }

    /** "method path" of every resource method the application's @Path annotations declare; hidden ones go to {@code hidden}. */
    private static Set<String> declaredRoutes(Set<String> hidden) {
        Set<String> routes = new TreeSet<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.portcullis").stream()
                .filter(c -> c.isAnnotatedWith(Path.class))
                .forEach(c -> {
                    Class<?> resource = c.reflect();
                    String base = resource.getAnnotation(Path.class).value();
                    for (Method method : resource.getDeclaredMethods()) {
                        Operation operation = method.getAnnotation(Operation.class);
                        Set<String> into = operation != null && operation.hidden() ? hidden : routes;
                        HTTP_METHODS.forEach((annotation, name) -> {
                            if (method.isAnnotationPresent(annotation)) {
                                Path sub = method.getAnnotation(Path.class);
                                into.add(name + " " + join(base, sub == null ? "" : sub.value()));
                            }
                        });
                    }
                });
        return routes;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
