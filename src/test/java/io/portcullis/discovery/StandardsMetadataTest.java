package io.portcullis.discovery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void scopesSupportedAreTheEnvironmentsScopes() {
        UUID env = fixtures.environment().id;
        given().get("/" + env + "/as/.well-known/openid-configuration").then().statusCode(200)
                .body("scopes_supported", org.hamcrest.Matchers.empty());
        fixtures.resource(env, "orders", null, "orders:write", "orders:read");
        fixtures.resource(env, "billing", null, "orders:read", "billing:read");
        for (String document : new String[] {"oauth-authorization-server", "openid-configuration"}) {
            given().get("/" + env + "/as/.well-known/" + document).then().statusCode(200)
                    .body("scopes_supported", contains("billing:read", "orders:read", "orders:write"));
        }
        // another environment's scopes are not listed
        UUID other = fixtures.environment().id;
        given().get("/" + other + "/as/.well-known/openid-configuration").then().statusCode(200)
                .body("scopes_supported", org.hamcrest.Matchers.empty());
    }

    /** README's list of client assertion algorithms is the one discovery publishes. */
    @Test
    void readmeNamesTheAlgorithmsDiscoveryPublishes() throws IOException {
        UUID env = fixtures.environment().id;
        List<String> published = given().get("/" + env + "/as/.well-known/openid-configuration").then().statusCode(200)
                .extract().path("token_endpoint_auth_signing_alg_values_supported");
        String readme = Files.readString(Path.of("README.md"));
        Matcher line = Pattern.compile("JWT client assertions are signed with ([^.]+)\\.").matcher(readme.replaceAll("\\s+", " "));
        assertThat(line.find()).as("README states the client assertion algorithms").isTrue();
        Set<String> documented = new TreeSet<>();
        Matcher alg = Pattern.compile("`([A-Z]{2}\\d{3})`").matcher(line.group(1));
        while (alg.find()) {
            documented.add(alg.group(1));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(published);
    }
}
