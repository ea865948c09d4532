package io.portcullis.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;

/** Token requests of test applications over HTTP (client_secret_basic, client_credentials). */
public final class TokenRequests {

    private TokenRequests() {}

    /** Asks for a token with the given {@code scope} parameter (null: none). */
    public static Response request(String environmentId, Fixtures.CreatedApp app, String scope) {
        return given().auth().preemptive().basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials" + (scope != null ? "&scope=" + scope : ""))
                .post("/" + environmentId + "/as/token");
    }

    /** The access token of a request that must succeed. */
    public static String token(String environmentId, Fixtures.CreatedApp app, String scope) {
        return request(environmentId, app, scope).then().statusCode(200).extract().path("access_token");
    }
}
