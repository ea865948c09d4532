package io.portcullis.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resource cannot take the management API's audience or another of this service's own URLs,
 * on create or PUT, whoever asks: its tokens would otherwise pass for management tokens. Replayed
 * over HTTP as a CLIENT_APPLICATION_DEVELOPER and as the organization administrator.
 */
@QuarkusTest
class ReservedAudienceTest {

    @Inject
    PortcullisConfig config;

    String admin;
    String env;
    String developerToken;

    @BeforeEach
    void setUp() {
        admin = Admin.token();
        env = Api.environment(admin);
        String developer = Api.application(admin, env, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, env, developer, "CLIENT_APPLICATION_DEVELOPER", env)).isEqualTo(201);
        developerToken = Admin.token(env, developer, Api.secret(admin, env, developer));
    }

    private String resources() {
        return "/v1/environments/" + env + "/resources";
    }

    @Test
    void theManagementAudienceCannotBeTakenOnCreate() {
        for (String token : new String[] {developerToken, admin}) {
            Admin.as(token).body("""
                    {"name":"mgmt","audience":"%s","accessTokenValiditySeconds":2592000}""".formatted(config.managementAudience()))
                    .post(resources()).then().statusCode(400)
                    .body("code", equalTo("INVALID_DATA")).body("details[0].target", equalTo("audience"));
        }
        // the audience defaults to the name
        Admin.as(developerToken).body("{\"name\":\"" + config.managementAudience() + "\"}").post(resources())
                .then().statusCode(400).body("details[0].target", equalTo("name"));
        for (String reserved : new String[] {
                config.managementAudience() + "/", config.managementAudience().toUpperCase(), config.managementAudience() + "/environments",
                config.publicUrl(), config.issuer(java.util.UUID.randomUUID()), config.issuer(java.util.UUID.randomUUID()) + "/token"}) {
            Admin.as(developerToken).body("{\"name\":\"r\",\"audience\":\"" + reserved + "\"}").post(resources())
                    .then().statusCode(400);
        }
        Admin.as(developerToken).body("{\"name\":\"orders\",\"audience\":\"https://orders.example.com/v1\"}").post(resources())
                .then().statusCode(201);
        Admin.as(admin).get(resources()).then().statusCode(200).body("_embedded.resources.size()", equalTo(1));
    }

    @Test
    void theManagementAudienceCannotBeTakenOnPut() {
        String id = Admin.as(developerToken).body("{\"name\":\"orders\",\"audience\":\"https://orders.example.com\"}")
                .post(resources()).then().statusCode(201).extract().path("id");
        Admin.as(developerToken).body("""
                {"name":"orders","audience":"%s","accessTokenValiditySeconds":2592000}""".formatted(config.managementAudience()))
                .put(resources() + "/" + id).then().statusCode(400).body("code", equalTo("INVALID_DATA"));
        Admin.as(developerToken).get(resources() + "/" + id).then().statusCode(200)
                .body("audience", equalTo("https://orders.example.com"));
        Admin.as(developerToken).body("{\"name\":\"orders\",\"audience\":\"https://orders.example.com/v2\"}")
                .put(resources() + "/" + id).then().statusCode(200);
    }
}
