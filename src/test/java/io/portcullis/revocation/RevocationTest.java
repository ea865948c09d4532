package io.portcullis.revocation;

import static io.portcullis.support.Tokens.accessToken;
import static io.portcullis.support.Tokens.introspect;
import static io.portcullis.support.Tokens.revoke;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.environment.Environment;
import io.portcullis.support.Admin;
import io.portcullis.support.Api;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.TestClock;
import io.portcullis.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /{envID}/as/revoke} (RFC 7009) over HTTP, and the life of the revocation list. */
@QuarkusTest
class RevocationTest {

    @Inject
    Fixtures fixtures;

    @Inject
    TestClock clock;

    @Inject
    ExpiredEntriesPurge purge;

    @Inject
    AgroalDataSource dataSource;

    Environment env;
    CreatedResource orders;
    CreatedApp client;
    CreatedApp other;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        orders = fixtures.resource(env.id, "orders", 600, "orders:read");
        client = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        other = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, client.app().id, orders, "orders:read");
        fixtures.grant(env.id, other.app().id, orders, "orders:read");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void onlyPostIsAllowed() {
        // RFC 7009 §2.1: POST; RFC 9110 §15.5.6: a 405 names the allowed methods.
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            given().contentType("application/x-www-form-urlencoded").body("token=x")
                    .request(method, "/" + envId() + "/as/revoke").then().statusCode(405).header("Allow", "POST")
                    .body("error", equalTo("invalid_request"));
        }
    }

    @Test
    void aClientRevokesItsOwnClientCredentialsToken() {
        String token = accessToken(envId(), client, "");
        String untouched = accessToken(envId(), client, "");
        revoke(envId(), client, token).then().statusCode(200).header("Cache-Control", "no-store").body(emptyString());
        introspect(envId(), other, token).then().body("active", equalTo(false));
        introspect(envId(), other, untouched).then().body("active", equalTo(true));
        // Revoking it again is still 200.
        revoke(envId(), client, token).then().statusCode(200);
    }

    @Test
    void anotherClientsTokenIsNotRevoked() {
        String token = accessToken(envId(), client, "");
        revoke(envId(), other, token).then().statusCode(400).body("error", equalTo("invalid_grant"));
        introspect(envId(), other, token).then().body("active", equalTo(true));
    }

    @Test
    void unknownInvalidAndExpiredTokensAre200() {
        revoke(envId(), client, "not-a-token").then().statusCode(200);
        revoke(envId(), client, Tokens.tampered(accessToken(envId(), client, ""))).then().statusCode(200);
        String token = accessToken(envId(), client, "");
        clock.advance(Duration.ofSeconds(601));
        revoke(envId(), client, token).then().statusCode(200);
        Tokens.post(envId(), "revoke", client, "token=abc&token_type_hint=refresh_token").then().statusCode(200);
    }

    @Test
    void callerMustAuthenticateAndNameAToken() {
        String token = accessToken(envId(), client, "");
        given().contentType("application/x-www-form-urlencoded").body("token=" + token)
                .post("/" + env.id + "/as/revoke").then().statusCode(401).body("error", equalTo("invalid_client"));
        Tokens.post(envId(), "revoke", client, "token_type_hint=access_token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        given().auth().preemptive().basic(client.clientId(), client.secret()).contentType("application/json")
                .body("{\"token\":\"" + token + "\"}").post("/" + env.id + "/as/revoke")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        introspect(envId(), other, token).then().body("active", equalTo(true));
    }

    @Test
    void aRevocationIsKeptUntilTheTokenExpiresThenPurged() throws Exception {
        String token = accessToken(envId(), client, "");
        revoke(envId(), client, token).then().statusCode(200);
        String jti = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification()
                .build().processToClaims(token).getJwtId();
        purge.purge();
        assertThat(rows("revoked_tokens", jti)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(601));
        purge.purge();
        assertThat(rows("revoked_tokens", jti)).isZero();
    }

    @Test
    void aRevokedManagementTokenNoLongerOpensTheManagementApi() {
        String admin = Admin.token();
        String managed = Api.environment(admin);
        String app = Api.application(admin, managed, "CLIENT_SECRET_BASIC");
        assertThat(Api.assignRole(admin, managed, app, "READ_ONLY", managed)).isEqualTo(201);
        String secret = Api.secret(admin, managed, app);
        String token = Admin.token(managed, app, secret);
        String kept = Admin.token(managed, app, secret);
        Admin.as(token).get("/v1/environments/" + managed + "/applications").then().statusCode(200);
        given().auth().preemptive().basic(app, secret).contentType("application/x-www-form-urlencoded")
                .body("token=" + token).post("/" + managed + "/as/revoke").then().statusCode(200);
        Admin.as(token).get("/v1/environments/" + managed + "/applications").then().statusCode(401);
        Admin.as(kept).get("/v1/environments/" + managed + "/applications").then().statusCode(200);

        // The application's switch closes every older token at once.
        Admin.as(admin).post("/v1/environments/" + managed + "/applications/" + app + "/tokenRevocation").then().statusCode(200);
        Admin.as(kept).get("/v1/environments/" + managed + "/applications").then().statusCode(401);
        clock.advance(Duration.ofSeconds(2));
        Admin.as(Admin.token(managed, app, secret)).get("/v1/environments/" + managed + "/applications").then().statusCode(200);
    }

    private int rows(String table, String jti) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE jti = ?")) {
            select.setString(1, jti);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private String envId() {
        return env.id.toString();
    }
}
