package io.portcullis.support;

import static io.restassured.RestAssured.given;

import java.util.UUID;

/** Creates management objects over HTTP, as a user of the API would. */
public final class Api {

    private Api() {}

    public static String environment(String token) {
        return Admin.as(token).body("{\"name\":\"env-" + UUID.randomUUID() + "\"}").post("/v1/environments")
                .then().statusCode(201).extract().path("id");
    }

    /** A CLIENT_CREDENTIALS worker with the given auth method; returns its id. */
    public static String application(String token, String environmentId, String authMethod) {
        return Admin.as(token).body("""
                {"name": "svc-%s", "enabled": true, "type": "WORKER", "protocol": "OPENID_CONNECT",
                 "grantTypes": ["CLIENT_CREDENTIALS"], "tokenEndpointAuthMethod": "%s"}
                """.formatted(UUID.randomUUID(), authMethod))
                .post("/v1/environments/" + environmentId + "/applications")
                .then().statusCode(201).extract().path("id");
    }

    public static String secret(String token, String environmentId, String applicationId) {
        return Admin.as(token).get("/v1/environments/" + environmentId + "/applications/" + applicationId + "/secret")
                .then().statusCode(200).extract().path("secret");
    }

    /** Assigns a role; scopeEnvironmentId null means ORGANIZATION. Returns the HTTP status. */
    public static int assignRole(String token, String environmentId, String applicationId, String role, String scopeEnvironmentId) {
        String scope = scopeEnvironmentId == null ? "{\"type\":\"ORGANIZATION\"}"
                : "{\"type\":\"ENVIRONMENT\",\"id\":\"" + scopeEnvironmentId + "\"}";
        return Admin.as(token).body("{\"role\":{\"name\":\"" + role + "\"},\"scope\":" + scope + "}")
                .post("/v1/environments/" + environmentId + "/applications/" + applicationId + "/roleAssignments")
                .statusCode();
    }

    /** The status of a client_credentials request with Basic credentials. */
    public static int tokenStatus(String environmentId, String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret).contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials").post("/" + environmentId + "/as/token").statusCode();
    }
}
