package io.portcullis.support;

import static io.restassured.RestAssured.given;

import io.portcullis.support.Fixtures.CreatedApp;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Token, introspection and revocation requests over HTTP with client_secret_basic. */
public final class Tokens {

    private Tokens() {}

    /** A client_credentials access token of the app (Basic authentication). */
    public static String accessToken(String environmentId, CreatedApp app, String extraForm) {
        return post(environmentId, "token", app, "grant_type=client_credentials" + extraForm)
                .then().statusCode(200).extract().path("access_token");
    }

    public static Response introspect(String environmentId, CreatedApp caller, String token) {
        return post(environmentId, "introspect", caller, "token=" + token);
    }

    public static Response revoke(String environmentId, CreatedApp caller, String token) {
        return post(environmentId, "revoke", caller, "token=" + token);
    }

    /** A token exchange (RFC 8693) of an access token as subject, with extra form fields such as {@code &resource=...}. */
    public static Response exchange(String environmentId, CreatedApp app, String subjectToken, String extraForm) {
        return post(environmentId, "token", app, "grant_type=urn:ietf:params:oauth:grant-type:token-exchange&subject_token="
                + subjectToken + "&subject_token_type=urn:ietf:params:oauth:token-type:access_token" + extraForm);
    }

    /** POST a form to {@code /{envID}/as/{endpoint}} authenticated with the app's Basic credentials. */
    public static Response post(String environmentId, String endpoint, CreatedApp app, String form) {
        return given().auth().preemptive().basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .body(form)
                .post("/" + environmentId + "/as/" + endpoint);
    }

    /** The token with one character of its payload changed: no longer what was signed. */
    public static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"scope\":\"", "\"scope\":\"admin ");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }
}
