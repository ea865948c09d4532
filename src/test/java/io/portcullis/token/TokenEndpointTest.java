package io.portcullis.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token endpoint over HTTP: the seed pages' requests, every contract error, the scope rules. */
@QuarkusTest
class TokenEndpointTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    Environment env;
    CreatedResource orders;
    CreatedResource billing;
    CreatedApp basicApp;
    CreatedApp postApp;

    @BeforeEach
    void setUp() {
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        env = fixtures.environment();
        orders = fixtures.resource(env.id, "orders", 7200, "orders:read", "orders:write", "edit");
        billing = fixtures.resource(env.id, "billing", null, "billing:read");
        basicApp = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        postApp = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, basicApp.app().id, orders, "orders:read", "orders:write", "edit");
        fixtures.grant(env.id, postApp.app().id, orders, "orders:read");
    }

    // --- The seed pages' requests, as written ---

    /** Seed 000: client_secret_post, {@code --data 'grant_type=client_credentials&client_id=..&client_secret=..'}. */
    @Test
    void seedClientSecretPostCurl() throws Exception {
        Response response = given()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + postApp.clientId() + "&client_secret=" + postApp.secret())
                .post(tokenPath());
        JwtClaims claims = assertIssued(response, "orders", 7200, "orders:read");
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(postApp.clientId());
    }

    /** Seed 000: client_secret_basic with {@code --user 'client_id:client_secret'}. */
    @Test
    void seedClientSecretBasicCurlUser() throws Exception {
        Response response = given()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(basicApp.clientId() + ":" + basicApp.secret()))
                .body("grant_type=client_credentials")
                .post(tokenPath());
        assertIssued(response, "orders", 7200, "edit orders:read orders:write");
    }

    /** Seed 003: {@code --header 'Authorization: Basic ...' --data-urlencode 'grant_type=client_credentials'}. */
    @Test
    void seedTokenAdminAppBasicHeader() throws Exception {
        Response response = given()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(basicApp.clientId() + ":" + basicApp.secret()))
                .body("grant_type=client_credentials")
                .post(tokenPath());
        assertIssued(response, "orders", 7200, "edit orders:read orders:write");
    }

    /** Seed 002: the PingFederate request, its body written across two lines, {@code scope=edit}. */
    @Test
    void seedPingFederateRequestWithScopeOnSecondLine() throws Exception {
        Response response = given()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(basicApp.clientId() + ":" + basicApp.secret()))
                .body("grant_type=client_credentials\n  &scope=edit")
                .post(tokenPath());
        assertIssued(response, "orders", 7200, "edit");
    }

    @Test
    void tokenCarriesTheContractClaims() throws Exception {
        Response response = basicRequest(basicApp).body("grant_type=client_credentials&scope=orders:read").post(tokenPath());
        JwtClaims claims = assertIssued(response, "orders", 7200, "orders:read");
        assertThat(claims.getClaimValueAsString("env")).isEqualTo(env.id.toString());
        assertThat(claims.getSubject()).isEqualTo(basicApp.clientId()); // RFC 9068 §2.2
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(7200);
        String header = new String(Base64.getUrlDecoder().decode(response.path("access_token").toString().split("\\.")[0]),
                StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"RS256\"").contains("\"typ\":\"at+jwt\"").contains("\"kid\":");
    }

    @Test
    void eachTokenHasItsOwnJti() throws Exception {
        String first = basicRequest(basicApp).body("grant_type=client_credentials").post(tokenPath()).path("access_token");
        String second = basicRequest(basicApp).body("grant_type=client_credentials").post(tokenPath()).path("access_token");
        assertThat(Jwts.verify(env.id.toString(), first, issuer(), "orders").getJwtId())
                .isNotEqualTo(Jwts.verify(env.id.toString(), second, issuer(), "orders").getJwtId());
    }

    @Test
    void basicCredentialsAreFormUrlDecoded() throws Exception {
        // RFC 6749 §2.3.1: encoding the id and secret before Base64 must still authenticate.
        String encoded = java.net.URLEncoder.encode(basicApp.clientId(), StandardCharsets.UTF_8) + ":"
                + java.net.URLEncoder.encode(basicApp.secret(), StandardCharsets.UTF_8);
        assertIssued(given().contentType("application/x-www-form-urlencoded").header("Authorization", basic(encoded))
                .body("grant_type=client_credentials").post(tokenPath()), "orders", 7200, "edit orders:read orders:write");
    }

    @Test
    void contentTypeWithCharsetIsAccepted() {
        given().header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Authorization", basic(basicApp.clientId() + ":" + basicApp.secret()))
                .body("grant_type=client_credentials")
                .post(tokenPath()).then().statusCode(200);
    }

    // --- Scope rules (PingOne's "Token Admin App" page) ---

    @Test
    void omittedScopeGrantsEveryScopeOfTheOneResource() throws Exception {
        assertIssued(basicRequest(basicApp).body("grant_type=client_credentials").post(tokenPath()),
                "orders", 7200, "edit orders:read orders:write");
    }

    @Test
    void requestedSubsetIsGranted() throws Exception {
        assertIssued(basicRequest(basicApp).body("grant_type=client_credentials&scope=orders:write%20orders:read").post(tokenPath()),
                "orders", 7200, "orders:write orders:read");
    }

    @Test
    void unknownAndUngrantedScopesAreDropped() throws Exception {
        assertIssued(postRequest(postApp, "&scope=orders:read+orders:write+openid+nonsense"),
                "orders", 7200, "orders:read");
    }

    @Test
    void scopesOfTwoResourcesAreRejected() {
        fixtures.grant(env.id, basicApp.app().id, billing, "billing:read");
        assertError(basicRequest(basicApp).body("grant_type=client_credentials&scope=orders:read billing:read").post(tokenPath()),
                400, "invalid_scope");
    }

    @Test
    void omittedScopeWithTwoResourcesIsRejected() {
        fixtures.grant(env.id, basicApp.app().id, billing, "billing:read");
        assertError(basicRequest(basicApp).body("grant_type=client_credentials").post(tokenPath()), 400, "invalid_scope");
        // naming one resource's scopes still works
        basicRequest(basicApp).body("grant_type=client_credentials&scope=billing:read").post(tokenPath())
                .then().statusCode(200).body("scope", equalTo("billing:read"));
    }

    @Test
    void onlyUngrantedScopesAreRejected() {
        assertError(postRequest(postApp, "&scope=orders:write"), 400, "invalid_scope");
        assertError(postRequest(postApp, "&scope=billing:read"), 400, "invalid_scope");
    }

    @Test
    void applicationWithoutGrantsIsRejected() {
        CreatedApp bare = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        assertError(postRequest(bare, ""), 400, "invalid_scope");
    }

    @Test
    void expiresInDefaultsToTheResourceDefault() {
        CreatedApp app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, app.app().id, billing, "billing:read");
        postRequest(app, "").then().statusCode(200).body("expires_in", equalTo(3600)).body("scope", equalTo("billing:read"));
    }

    // --- Errors (the wire contract, RFC 6749 §5.2) ---

    @Test
    void wrongSecret() {
        assertError(given().contentType("application/x-www-form-urlencoded")
                .header("Authorization", basic(basicApp.clientId() + ":" + basicApp.secret() + "x"))
                .body("grant_type=client_credentials").post(tokenPath()), 401, "invalid_client")
                .then().header("WWW-Authenticate", "Basic realm=\"" + env.id + "\"");
        assertError(postRequestWith(postApp.clientId(), postApp.secret().substring(1)), 401, "invalid_client")
                .then().header("WWW-Authenticate", nullValue());
    }

    @Test
    void secretOfAnotherApplication() {
        assertError(postRequestWith(postApp.clientId(), basicApp.secret()), 401, "invalid_client");
    }

    @Test
    void unknownClient() {
        Response response = assertError(given().contentType("application/x-www-form-urlencoded")
                .header("Authorization", basic(UUID.randomUUID() + ":" + basicApp.secret()))
                .body("grant_type=client_credentials").post(tokenPath()), 401, "invalid_client");
        response.then().header("WWW-Authenticate", "Basic realm=\"" + env.id + "\"");
        assertError(postRequestWith("cc_client", "2Federate"), 401, "invalid_client");
    }

    @Test
    void failuresSayTheSameWhateverFailed() {
        fixtures.disable(env.id, postApp.app().id);
        String wrongSecret = postRequestWith(basicApp.clientId(), "nope").path("error_description");
        String unknown = postRequestWith(UUID.randomUUID().toString(), "nope").path("error_description");
        String disabled = postRequestWith(postApp.clientId(), postApp.secret()).path("error_description");
        String wrongMethod = postRequestWith(basicApp.clientId(), basicApp.secret()).path("error_description");
        assertThat(wrongSecret).isEqualTo(unknown).isEqualTo(disabled).isEqualTo(wrongMethod);
    }

    @Test
    void wrongMethodForTheApplication() {
        // a CLIENT_SECRET_BASIC app posting its credentials in the body
        assertError(postRequestWith(basicApp.clientId(), basicApp.secret()), 401, "invalid_client");
        // a CLIENT_SECRET_POST app using Basic
        assertError(basicRequest(postApp).body("grant_type=client_credentials").post(tokenPath()), 401, "invalid_client")
                .then().header("WWW-Authenticate", "Basic realm=\"" + env.id + "\"");
    }

    @Test
    void disabledApplication() {
        basicRequest(basicApp).body("grant_type=client_credentials").post(tokenPath()).then().statusCode(200);
        fixtures.disable(env.id, basicApp.app().id);
        assertError(basicRequest(basicApp).body("grant_type=client_credentials").post(tokenPath()), 401, "invalid_client")
                .then().header("WWW-Authenticate", "Basic realm=\"" + env.id + "\"");
        fixtures.disable(env.id, postApp.app().id);
        assertError(postRequest(postApp, ""), 401, "invalid_client").then().header("WWW-Authenticate", nullValue());
    }

    @Test
    void deletedApplication() {
        postRequest(postApp, "").then().statusCode(200);
        fixtures.deleteApplication(env.id, postApp.app().id);
        assertError(postRequest(postApp, ""), 401, "invalid_client");
    }

    @Test
    void rotatedSecretStaysValidUntilItsExpiryOnly() {
        String first = postApp.secret();
        String second = fixtures.rotateSecret(env.id, postApp.app().id, java.time.Instant.now().plusSeconds(3600));
        postRequestWith(postApp.clientId(), first).then().statusCode(200);
        postRequestWith(postApp.clientId(), second).then().statusCode(200);
        // Without a grace period the current secret dies at once, and older previous ones with it.
        String third = fixtures.rotateSecret(env.id, postApp.app().id, null);
        assertError(postRequestWith(postApp.clientId(), first), 401, "invalid_client");
        assertError(postRequestWith(postApp.clientId(), second), 401, "invalid_client");
        postRequestWith(postApp.clientId(), third).then().statusCode(200);
        // A previous secret past its expiry is refused even though its row is still there.
        String fourth = fixtures.rotateSecret(env.id, postApp.app().id, java.time.Instant.now().minusSeconds(1));
        assertError(postRequestWith(postApp.clientId(), third), 401, "invalid_client");
        postRequestWith(postApp.clientId(), fourth).then().statusCode(200);
    }

    @Test
    void clientIdWithoutSecretOrWithAnEmptyOne() {
        assertError(given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + postApp.clientId()).post(tokenPath()), 401, "invalid_client");
        assertError(postRequestWith(postApp.clientId(), ""), 401, "invalid_client");
        assertError(given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_secret=" + postApp.secret()).post(tokenPath()), 401, "invalid_client");
    }

    @Test
    void basicSchemeIsCaseInsensitive() {
        // RFC 7235 §2.1: the auth-scheme is case-insensitive.
        given().contentType("application/x-www-form-urlencoded")
                .header("Authorization", basic(basicApp.clientId() + ":" + basicApp.secret()).replace("Basic", "basic"))
                .body("grant_type=client_credentials").post(tokenPath()).then().statusCode(200);
    }

    @Test
    void missingGrantType() {
        assertError(basicRequest(basicApp).body("scope=edit").post(tokenPath()), 400, "invalid_request");
        assertError(basicRequest(basicApp).body("grant_type=").post(tokenPath()), 400, "invalid_request");
    }

    @Test
    void unknownGrantType() {
        assertError(basicRequest(basicApp).body("grant_type=password&username=a&password=b").post(tokenPath()),
                400, "unsupported_grant_type");
    }

    @Test
    void applicationWithoutTheGrantType() {
        CreatedApp exchangeOnly = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.TOKEN_EXCHANGE);
        fixtures.grant(env.id, exchangeOnly.app().id, orders, "orders:read");
        assertError(basicRequest(exchangeOnly).body("grant_type=client_credentials").post(tokenPath()), 400, "unauthorized_client");
    }

    @Test
    void duplicateParameter() {
        assertError(basicRequest(basicApp).body("grant_type=client_credentials&grant_type=client_credentials").post(tokenPath()),
                400, "invalid_request");
        assertError(basicRequest(basicApp).body("grant_type=client_credentials&scope=edit&scope=orders:read").post(tokenPath()),
                400, "invalid_request");
        assertError(postRequest(postApp, "&client_secret=" + postApp.secret()), 400, "invalid_request");
    }

    @Test
    void wrongContentType() {
        assertError(given().contentType("application/json")
                .header("Authorization", basic(basicApp.clientId() + ":" + basicApp.secret()))
                .body("{\"grant_type\":\"client_credentials\"}").post(tokenPath()), 400, "invalid_request");
        assertError(given().header("Authorization", basic(basicApp.clientId() + ":" + basicApp.secret()))
                .post(tokenPath()), 400, "invalid_request");
        for (String type : new String[] {"text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencodedx"}) {
            assertError(given().contentType(type).header("Authorization", basic(basicApp.clientId() + ":" + basicApp.secret()))
                    .body("grant_type=client_credentials".getBytes(StandardCharsets.UTF_8)).post(tokenPath()), 400, "invalid_request");
        }
    }

    @Test
    void malformedBasicHeader() {
        for (String header : new String[] {"Basic", "Basic !!!notbase64!!!", basic("no-colon-here"), basic(":secret"),
                basic(basicApp.clientId() + ":"), "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'}),
                basic("%zz:" + basicApp.secret())}) {
            assertError(given().contentType("application/x-www-form-urlencoded").header("Authorization", header)
                    .body("grant_type=client_credentials").post(tokenPath()), 401, "invalid_client")
                    .then().header("WWW-Authenticate", "Basic realm=\"" + env.id + "\"");
        }
    }

    @Test
    void basicAndBodyCredentialsTogetherAreRefused() {
        assertError(basicRequest(basicApp)
                .body("grant_type=client_credentials&client_id=" + basicApp.clientId() + "&client_secret=" + basicApp.secret())
                .post(tokenPath()), 400, "invalid_request");
        assertError(basicRequest(basicApp).body("grant_type=client_credentials&client_id=" + basicApp.clientId())
                .post(tokenPath()), 400, "invalid_request");
    }

    @Test
    void noClientCredentials() {
        assertError(given().contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials")
                .post(tokenPath()), 401, "invalid_client");
        assertError(given().contentType("application/x-www-form-urlencoded").header("Authorization", "Bearer abc")
                .body("grant_type=client_credentials").post(tokenPath()), 401, "invalid_client");
    }

    @Test
    void unknownOrMalformedEnvironment() {
        UUID unknown = UUID.randomUUID();
        assertError(basicRequest(basicApp).body("grant_type=client_credentials").post("/" + unknown + "/as/token"),
                401, "invalid_client").then().header("WWW-Authenticate", "Basic realm=\"" + unknown + "\"");
        assertError(postRequestWithPath("/" + UUID.randomUUID() + "/as/token"), 401, "invalid_client");
        for (String malformed : new String[] {"not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g", "%20"}) {
            assertError(basicRequest(basicApp).body("grant_type=client_credentials").urlEncodingEnabled(false)
                    .post("/" + malformed + "/as/token"), 401, "invalid_client");
        }
        // an application of one environment is unknown in another
        Environment other = fixtures.environment();
        assertError(basicRequest(basicApp).body("grant_type=client_credentials").post("/" + other.id + "/as/token"),
                401, "invalid_client");
    }

    @Test
    void malformedBodies() {
        assertError(basicRequest(basicApp).body("grant_type=client_credentials&scope=%zz").post(tokenPath()), 400, "invalid_request");
        assertError(basicRequest(basicApp).body("grant_type=client_credentials&scope=%").post(tokenPath()), 400, "invalid_request");
        assertError(basicRequest(basicApp).body("grant_type=client_credentials&scope=%C3%28").post(tokenPath()), 400, "invalid_request");
    }

    @Test
    void onlyPostIsAllowed() {
        // RFC 6749 §3.2: the client MUST use POST; RFC 9110 §15.5.6: a 405 names the allowed methods.
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            given().contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials")
                    .request(method, tokenPath()).then().statusCode(405).header("Allow", "POST")
                    .body("error", equalTo("invalid_request")).body("access_token", nullValue());
        }
    }

    // --- helpers ---

    private String tokenPath() {
        return "/" + env.id + "/as/token";
    }

    private String issuer() {
        return config.issuer(env.id);
    }

    private JwtClaims assertIssued(Response response, String audience, int expiresIn, String scope)
            throws MalformedClaimException {
        response.then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(expiresIn))
                .body("scope", equalTo(scope));
        JwtClaims claims = Jwts.verify(env.id.toString(), response.path("access_token"), issuer(), audience);
        assertThat(claims.getClaimValueAsString("scope")).isEqualTo(scope);
        assertThat(claims.getAudience()).containsExactly(audience);
        return claims;
    }

    private static Response assertError(Response response, int status, String error) {
        response.then()
                .statusCode(status)
                .contentType(org.hamcrest.Matchers.startsWith("application/json"))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("error", equalTo(error))
                .body("access_token", nullValue());
        assertThat(response.path("error_description").toString()).isNotBlank();
        return response;
    }

    private RequestSpecification basicRequest(CreatedApp app) {
        return given().contentType("application/x-www-form-urlencoded").header("Authorization", basic(app.clientId() + ":" + app.secret()));
    }

    private Response postRequest(CreatedApp app, String extra) {
        return given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + app.clientId() + "&client_secret=" + app.secret() + extra)
                .post(tokenPath());
    }

    private Response postRequestWithPath(String path) {
        return given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + postApp.clientId() + "&client_secret=" + postApp.secret())
                .post(path);
    }

    private Response postRequestWith(String clientId, String secret) {
        return given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret)
                .post(tokenPath());
    }

    static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
