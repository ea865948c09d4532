package io.portcullis.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** The bootstrap worker over HTTP: its management token and requests authorized with it. */
public final class Admin {

    private Admin() {}

    public static String clientId() {
        return ConfigProvider.getConfig().getValue("portcullis.bootstrap.client-id", String.class);
    }

    public static String secret() {
        return ConfigProvider.getConfig().getValue("portcullis.bootstrap.client-secret", String.class);
    }

    /** The administrators' environment, created by bootstrap. */
    public static String environmentId() {
        return ConfigProvider.getConfig().getValue("portcullis.bootstrap.environment-id", String.class);
    }

    /** A fresh management token of the bootstrap worker (ORGANIZATION_ADMIN). */
    public static String token() {
        return token(environmentId(), clientId(), secret());
    }

    /** A management token from the client_credentials grant of the given environment's token endpoint. */
    public static String token(String environmentId, String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret)
                .contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials")
                .post("/" + environmentId + "/as/token")
                .then().statusCode(200).extract().path("access_token");
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
