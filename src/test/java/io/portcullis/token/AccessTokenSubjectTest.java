package io.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.Environment;
import io.portcullis.support.Admin;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.Jwts;
import io.portcullis.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * Access tokens pass a strict RFC 9068 resource server (jose4j requiring {@code sub}, as Nimbus with
 * RFC 9068 claims, oauth4webapi's validateJwtAccessToken and Quarkus OIDC's subject-required do):
 * client_credentials tokens carry the client id as {@code sub} (§2.2), exchanged tokens the subject
 * token's, and management tokens too.
 */
@QuarkusTest
class AccessTokenSubjectTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PortcullisConfig config;

    @Test
    void clientCredentialsTokensCarryTheClientIdAsSubject() throws Exception {
        Environment env = fixtures.environment();
        CreatedResource orders = fixtures.resource(env.id, "orders", 600, "orders:read");
        CreatedApp app = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, app.app().id, orders, "orders:read");

        String token = Tokens.accessToken(env.id.toString(), app, "&scope=orders:read");
        JwtClaims claims = Jwts.verifyRfc9068(env.id.toString(), token, config.issuer(env.id), "orders");
        assertThat(claims.getSubject()).isEqualTo(app.clientId());
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(app.clientId());
    }

    @Test
    void exchangedTokensKeepTheSubjectTokensSubject() throws Exception {
        Environment env = fixtures.environment();
        CreatedResource front = fixtures.resource(env.id, "front", 600, "use");
        CreatedResource back = fixtures.resource(env.id, "back", 600, "use");
        CreatedApp user = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, user.app().id, front, "use");
        CreatedApp service = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                GrantType.CLIENT_CREDENTIALS, GrantType.TOKEN_EXCHANGE);
        fixtures.grant(env.id, service.app().id, back, "use");

        String subjectToken = Tokens.accessToken(env.id.toString(), user, "");
        String exchanged = Tokens.post(env.id.toString(), "token", service,
                "grant_type=urn:ietf:params:oauth:grant-type:token-exchange&subject_token=" + subjectToken
                        + "&subject_token_type=urn:ietf:params:oauth:token-type:access_token&resource=back")
                .then().statusCode(200).extract().path("access_token");
        JwtClaims claims = Jwts.verifyRfc9068(env.id.toString(), exchanged, config.issuer(env.id), "back");
        assertThat(claims.getSubject()).isEqualTo(user.clientId());
        assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(service.clientId());
    }

    @Test
    void managementTokensPassToo() {
        JwtClaims claims = Jwts.verifyRfc9068(Admin.environmentId(), Admin.token(), config.issuer(java.util.UUID.fromString(Admin.environmentId())),
                config.managementAudience());
        assertThat(claims.getClaimValueAsString("sub")).isEqualTo(Admin.clientId());
    }

}
