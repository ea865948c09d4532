package io.portcullis.discovery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Discovery (RFC 8414) lists every endpoint, grant, client authentication method and algorithm that works. */
@QuarkusTest
class StandardsMetadataTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    @Test
    void metadataListsWhatWorks() {
        UUID env = fixtures.environment().id;
        String issuer = config.issuer(env);
        for (String document : new String[] {"oauth-authorization-server", "openid-configuration"}) {
            given().get("/" + env + "/as/.well-known/" + document).then().statusCode(200)
                    .body("issuer", equalTo(issuer))
                    .body("token_endpoint", equalTo(issuer + "/token"))
                    .body("introspection_endpoint", equalTo(issuer + "/introspect"))
                    .body("revocation_endpoint", equalTo(issuer + "/revoke"))
                    .body("grant_types_supported", containsInAnyOrder(
                            "client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"))
                    .body("token_endpoint_auth_methods_supported", contains(
                            "client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"))
                    .body("introspection_endpoint_auth_methods_supported", contains(
                            "client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"))
                    .body("revocation_endpoint_auth_methods_supported", contains(
                            "client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"))
                    .body("token_endpoint_auth_signing_alg_values_supported", hasItems("HS256", "RS256", "ES256", "PS256"))
                    .body("introspection_endpoint_auth_signing_alg_values_supported", hasItems("HS256", "RS256", "ES256"))
                    .body("revocation_endpoint_auth_signing_alg_values_supported", hasItems("HS256", "RS256", "ES256"));
        }
    }
}
