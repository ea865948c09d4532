package io.portcullis.token;

import static io.portcullis.support.Tokens.accessToken;
import static io.portcullis.support.Tokens.introspect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.Jwts;
import io.portcullis.support.TestClock;
import io.portcullis.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token exchange (RFC 8693) over HTTP: delegation to another resource with {@code act}, and every refusal. */
@QuarkusTest
class TokenExchangeTest {

    static final String EXCHANGE = "grant_type=urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    @Inject
    TestClock clock;

    Environment env;
    CreatedResource orders;
    CreatedResource billing;
    CreatedApp caller;
    CreatedApp ordersService;
    CreatedApp billingService;
    CreatedApp plainService;

    @BeforeEach
    void setUp() {
        env = fixtures.environment();
        orders = fixtures.resource(env.id, "orders", 600, "read", "write");
        billing = fixtures.resource(env.id, "billing", 3600, "read", "write", "audit");
        caller = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, caller.app().id, orders, "read", "write");
        ordersService = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                GrantType.CLIENT_CREDENTIALS, GrantType.TOKEN_EXCHANGE);
        fixtures.grant(env.id, ordersService.app().id, billing, "read", "audit");
        billingService = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.TOKEN_EXCHANGE);
        fixtures.grant(env.id, billingService.app().id, billing, "read");
        plainService = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, plainService.app().id, billing, "read");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aServiceExchangesItsCallersTokenForAnotherResource() throws Exception {
        String subject = accessToken(envId(), caller, ""); // orders, "read write", 600 s
        Response response = exchange(ordersService, subject, "&resource=billing");
        response.then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("issued_token_type", equalTo(ACCESS_TOKEN))
                .body("token_type", equalTo("Bearer"))
                .body("scope", equalTo("read")); // billing grant {read, audit} ∩ subject {read, write}
        JwtClaims claims = Jwts.verify(envId(), response.path("access_token"), config.issuer(env.id), "billing");
        assertThat(claims.getSubject()).isEqualTo(caller.clientId());
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(ordersService.clientId());
        assertThat(claims.getClaimValue("act")).isEqualTo(Map.of("client_id", ordersService.clientId()));
        // Never longer-lived than the token it stands for, though billing tokens last an hour.
        assertThat(response.<Integer>path("expires_in")).isLessThanOrEqualTo(600);
        JwtClaims subjectClaims = Jwts.verify(envId(), subject, config.issuer(env.id), "orders");
        assertThat(claims.getExpirationTime().getValue()).isLessThanOrEqualTo(subjectClaims.getExpirationTime().getValue());

        introspect(envId(), caller, response.path("access_token")).then()
                .body("active", equalTo(true))
                .body("sub", equalTo(caller.clientId()))
                .body("act.client_id", equalTo(ordersService.clientId()));
    }

    @Test
    void theAudienceParameterNamesTheTargetToo() {
        exchange(ordersService, accessToken(envId(), caller, ""), "&audience=billing").then().statusCode(200)
                .body("scope", equalTo("read"));
        exchange(ordersService, accessToken(envId(), caller, ""), "&audience=billing&resource=billing").then().statusCode(200);
    }

    @Test
    void aSecondHopNestsTheFirstActor() throws Exception {
        String first = exchange(ordersService, accessToken(envId(), caller, ""), "&resource=billing").path("access_token");
        String second = exchange(billingService, first, "&resource=billing").then().statusCode(200)
                .extract().path("access_token");
        JwtClaims claims = Jwts.verify(envId(), second, config.issuer(env.id), "billing");
        assertThat(claims.getSubject()).isEqualTo(caller.clientId());
        assertThat(claims.getClaimValue("act")).isEqualTo(Map.of(
                "client_id", billingService.clientId(), "act", Map.of("client_id", ordersService.clientId())));
    }

    @Test
    void revokingTheSubjectDeactivatesEveryTokenExchangedFromIt() throws Exception {
        String subject = accessToken(envId(), caller, "");
        String first = exchange(ordersService, subject, "&resource=billing").path("access_token");
        String second = exchange(billingService, first, "&resource=billing").path("access_token");
        JwtClaims claims = Jwts.verify(envId(), second, config.issuer(env.id), "billing");
        assertThat(claims.getStringListClaimValue("exchanged_from")).containsExactly(
                Jwts.verify(envId(), first, config.issuer(env.id), "billing").getJwtId(),
                Jwts.verify(envId(), subject, config.issuer(env.id), "orders").getJwtId());
        Tokens.introspect(envId(), plainService, second).then().statusCode(200).body("active", equalTo(true));

        Tokens.revoke(envId(), caller, subject).then().statusCode(200);

        for (String token : new String[] {subject, first, second}) {
            Tokens.introspect(envId(), plainService, token).then().statusCode(200).body("active", equalTo(false));
        }
        assertInvalidRequest(exchange(billingService, first, "&resource=billing"));
    }

    @Test
    void revokingAMiddleTokenLeavesItsSubjectActive() {
        String subject = accessToken(envId(), caller, "");
        String first = exchange(ordersService, subject, "&resource=billing").path("access_token");
        String second = exchange(billingService, first, "&resource=billing").path("access_token");

        Tokens.revoke(envId(), ordersService, first).then().statusCode(200);

        Tokens.introspect(envId(), plainService, second).then().statusCode(200).body("active", equalTo(false));
        Tokens.introspect(envId(), plainService, subject).then().statusCode(200).body("active", equalTo(true));
    }

    @Test
    void aChainOfExchangesIsBounded() {
        String token = exchange(ordersService, accessToken(envId(), caller, ""), "&resource=billing").path("access_token");
        for (int hop = 2; hop <= 8; hop++) {
            token = exchange(billingService, token, "&resource=billing").then().statusCode(200)
                    .extract().path("access_token");
        }
        assertInvalidRequest(exchange(billingService, token, "&resource=billing"))
                .body("error_description", equalTo("subject_token was exchanged too many times already"));
    }

    @Test
    void requestedScopesNarrowTheExchange() {
        String subject = accessToken(envId(), caller, "");
        exchange(ordersService, subject, "&resource=billing&scope=read").then().statusCode(200).body("scope", equalTo("read"));
        // audit is granted to the service but not carried by the subject; write the reverse.
        exchange(ordersService, subject, "&resource=billing&scope=audit").then().statusCode(400)
                .body("error", equalTo("invalid_scope"));
        exchange(ordersService, subject, "&resource=billing&scope=write").then().statusCode(400)
                .body("error", equalTo("invalid_scope"));
    }

    @Test
    void aSubjectWithoutSharedScopesGetsNothing() {
        String subject = accessToken(envId(), caller, "&scope=write");
        exchange(ordersService, subject, "&resource=billing").then().statusCode(400).body("error", equalTo("invalid_scope"));
    }

    @Test
    void unknownOrUngrantedTargetIsInvalidTarget() {
        String subject = accessToken(envId(), caller, "");
        exchange(ordersService, subject, "&resource=https://unknown.example").then().statusCode(400)
                .body("error", equalTo("invalid_target"));
        exchange(ordersService, subject, "&resource=orders").then().statusCode(400).body("error", equalTo("invalid_target"));
        exchange(ordersService, subject, "&resource=billing&audience=orders").then().statusCode(400)
                .body("error", equalTo("invalid_target"));
    }

    @Test
    void resourceAndAudienceNamingTwoGrantedResourcesIsInvalidTarget() {
        // Granted both resources, so each name alone is a valid target: only their disagreement is refused.
        CreatedApp bothService = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.TOKEN_EXCHANGE);
        fixtures.grant(env.id, bothService.app().id, orders, "read");
        fixtures.grant(env.id, bothService.app().id, billing, "read");
        String subject = accessToken(envId(), caller, "");
        exchange(bothService, subject, "&resource=billing").then().statusCode(200);
        exchange(bothService, subject, "&audience=orders").then().statusCode(200);

        // RFC 8693 §2.1: resource and audience both name the target; two different ones cannot be one token's.
        exchange(bothService, subject, "&resource=billing&audience=orders").then().statusCode(400)
                .body("error", equalTo("invalid_target"))
                .body("error_description", equalTo("resource and audience name different resources"))
                .body("access_token", org.hamcrest.Matchers.nullValue());
        exchange(bothService, subject, "&resource=orders&audience=billing").then().statusCode(400)
                .body("error", equalTo("invalid_target"));
    }

    @Test
    void aTokenFromAnotherEnvironmentIsRefused() {
        Environment other = fixtures.environment();
        CreatedResource otherOrders = fixtures.resource(other.id, "orders", null, "read", "write");
        CreatedApp stranger = fixtures.application(other.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(other.id, stranger.app().id, otherOrders, "read", "write");
        String foreign = accessToken(other.id.toString(), stranger, "");
        assertInvalidRequest(exchange(ordersService, foreign, "&resource=billing"));
    }

    @Test
    void expiredRevokedOrTamperedSubjectsAreRefused() {
        String revoked = accessToken(envId(), caller, "");
        Tokens.revoke(envId(), caller, revoked).then().statusCode(200);
        assertInvalidRequest(exchange(ordersService, revoked, "&resource=billing"));
        assertInvalidRequest(exchange(ordersService, Tokens.tampered(accessToken(envId(), caller, "")), "&resource=billing"));
        assertInvalidRequest(exchange(ordersService, "not-a-token", "&resource=billing"));
        String expiring = accessToken(envId(), caller, "");
        clock.advance(Duration.ofSeconds(601));
        assertInvalidRequest(exchange(ordersService, expiring, "&resource=billing"));
    }

    @Test
    void anApplicationWithoutTheGrantTypeIsUnauthorized() {
        exchange(plainService, accessToken(envId(), caller, ""), "&resource=billing").then().statusCode(400)
                .body("error", equalTo("unauthorized_client"));
    }

    @Test
    void tokenTypesAreRequiredAndChecked() {
        String subject = accessToken(envId(), caller, "");
        assertInvalidRequest(Tokens.post(envId(), "token", ordersService, EXCHANGE + "&subject_token=" + subject + "&resource=billing"));
        assertInvalidRequest(Tokens.post(envId(), "token", ordersService,
                EXCHANGE + "&subject_token=" + subject + "&subject_token_type=urn:ietf:params:oauth:token-type:saml2&resource=billing"));
        assertInvalidRequest(Tokens.post(envId(), "token", ordersService,
                EXCHANGE + "&subject_token_type=" + ACCESS_TOKEN + "&resource=billing"));
        assertInvalidRequest(exchange(ordersService, subject,
                "&resource=billing&requested_token_type=urn:ietf:params:oauth:token-type:refresh_token"));
        Tokens.post(envId(), "token", ordersService,
                EXCHANGE + "&subject_token=" + subject + "&subject_token_type=urn:ietf:params:oauth:token-type:jwt&resource=billing")
                .then().statusCode(200);
    }

    @Test
    void anActorTokenMustBeTheRequestingClients() {
        String subject = accessToken(envId(), caller, "");
        String own = accessToken(envId(), ordersService, "");
        exchange(ordersService, subject, "&resource=billing&actor_token=" + own + "&actor_token_type=" + ACCESS_TOKEN)
                .then().statusCode(200);
        String someoneElses = accessToken(envId(), plainService, "");
        assertInvalidRequest(exchange(ordersService, subject,
                "&resource=billing&actor_token=" + someoneElses + "&actor_token_type=" + ACCESS_TOKEN));
        assertInvalidRequest(exchange(ordersService, subject, "&resource=billing&actor_token=" + own));
    }

    private Response exchange(CreatedApp app, String subjectToken, String extra) {
        return Tokens.post(envId(), "token", app,
                EXCHANGE + "&subject_token=" + subjectToken + "&subject_token_type=" + ACCESS_TOKEN + extra);
    }

    private static ValidatableResponse assertInvalidRequest(Response response) {
        return response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    private String envId() {
        return env.id.toString();
    }
}
