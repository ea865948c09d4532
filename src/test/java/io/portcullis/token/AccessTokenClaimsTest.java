package io.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.signing.SignatureAlgorithm;
import io.portcullis.signing.VerifiedAccessToken;
import io.portcullis.support.ClientViews;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an access token says (RFC 9068 §2, RFC 8693 §4), by {@link AccessTokenClaims}, without a server. */
class AccessTokenClaimsTest {

    static final String PUBLIC_URL = "https://portcullis.example";
    static final ResourceView ORDERS = new ResourceView(UUID.randomUUID(), "orders", "https://orders.example", 7200);
    static final long NOW = 1_800_000_000L;

    final AccessTokenClaims rules = new AccessTokenClaims(config());
    final ClientView client = client();

    @Test
    void headerIsAlgKidAndTypAtJwt() {
        assertThat(rules.of(SignatureAlgorithm.SHA256withECDSA, "key-1"))
                .containsExactly(Map.entry("alg", "ES256"), Map.entry("kid", "key-1"), Map.entry("typ", "at+jwt"));
    }

    @Test
    void aClientCredentialsTokenIsForTheClientItself() {
        Map<String, Object> claims = rules.claims(client, new ScopeResolution(ORDERS, List.of("read", "write")), null, NOW, 600);
        assertThat(claims.keySet()).containsExactly("iss", "sub", "aud", "client_id", "scope", "iat", "exp", "jti", "env");
        assertThat(claims).containsEntry("iss", PUBLIC_URL + "/" + client.environmentId() + "/as")
                .containsEntry("sub", client.id().toString())
                .containsEntry("client_id", client.id().toString())
                .containsEntry("aud", "https://orders.example")
                .containsEntry("scope", "read write")
                .containsEntry("iat", NOW)
                .containsEntry("exp", NOW + 600)
                .containsEntry("env", client.environmentId().toString());
    }

    @Test
    void aManagementTokenHasTheManagementAudienceAndNoScope() {
        Map<String, Object> claims = rules.claims(client, ScopeResolution.MANAGEMENT_API, null, NOW, 600);
        assertThat(claims).containsEntry("aud", PUBLIC_URL + "/v1").doesNotContainKey("scope");
    }

    @Test
    void anExchangedTokenKeepsTheSubjectAndNamesItsActor() {
        Map<String, Object> subjectClaims = new LinkedHashMap<>();
        subjectClaims.put("sub", "user-7");
        subjectClaims.put("act", Map.of("client_id", "first-actor"));
        subjectClaims.put("may_act", Map.of("client_id", "someone"));
        subjectClaims.put("exchanged_from", List.of("older"));
        VerifiedAccessToken subject = token("subject-jti", subjectClaims);

        AccessTokenClaims.Exchange exchange = AccessTokenClaims.Exchange.of(subject, client);
        Map<String, Object> claims = rules.claims(client, new ScopeResolution(ORDERS, List.of("read")), exchange, NOW, 600);

        assertThat(claims).containsEntry("sub", "user-7")
                .containsEntry("client_id", client.id().toString())
                .containsEntry("act", Map.of("client_id", client.id().toString(), "act", Map.of("client_id", "first-actor")))
                .containsEntry("exchanged_from", List.of("subject-jti", "older"))
                .doesNotContainKey("may_act");
        assertThat(claims.keySet()).endsWith("env", "act", "exchanged_from");
    }

    @Test
    void anExchangedTokenOfASubjectWithoutSubIsForTheSubjectsClient() {
        AccessTokenClaims.Exchange exchange = AccessTokenClaims.Exchange.of(token("jti", Map.of()), client);
        assertThat(exchange.subject()).isEqualTo("subject-client");
        assertThat(exchange.act()).isEqualTo(Map.of("client_id", client.id().toString()));
    }

    @Test
    void aChainLongerThanTheLimitIsRefused() {
        List<String> earlier = new ArrayList<>();
        for (int i = 1; i < AccessTokenClaims.MAX_EXCHANGES; i++) {
            earlier.add("jti-" + i);
        }
        assertThat(AccessTokenClaims.Exchange.of(token("last", Map.of("exchanged_from", earlier)), client).exchangedFrom())
                .hasSize(AccessTokenClaims.MAX_EXCHANGES);
        earlier.add("one-too-many");
        assertThatThrownBy(() -> AccessTokenClaims.Exchange.of(token("last", Map.of("exchanged_from", earlier)), client))
                .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo("invalid_request"));
    }

    @Test
    void theLifetimeEndsWithTheResourcesValidityTheKeyOrTheSubjectToken() {
        ScopeResolution orders = new ScopeResolution(ORDERS, List.of("read"));
        Instant farKey = Instant.ofEpochSecond(NOW + 100_000);
        assertThat(rules.lifetime(orders, null, farKey, NOW)).isEqualTo(7200);
        assertThat(rules.lifetime(ScopeResolution.MANAGEMENT_API, null, farKey, NOW)).isEqualTo(AccessTokenClaims.MANAGEMENT_TOKEN_SECONDS);
        assertThat(rules.lifetime(orders, null, Instant.ofEpochSecond(NOW + 60), NOW)).isEqualTo(60);
        AccessTokenClaims.Exchange exchange = new AccessTokenClaims.Exchange("s", Map.of(), List.of(), Instant.ofEpochSecond(NOW + 30));
        assertThat(rules.lifetime(orders, exchange, farKey, NOW)).isEqualTo(30);
        AccessTokenClaims.Exchange expired = new AccessTokenClaims.Exchange("s", Map.of(), List.of(), Instant.ofEpochSecond(NOW));
        assertThatThrownBy(() -> rules.lifetime(orders, expired, farKey, NOW))
                .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo("invalid_request"));
    }

    private VerifiedAccessToken token(String jti, Map<String, Object> claims) {
        return new VerifiedAccessToken(client.environmentId(), jti, "subject-client", Instant.ofEpochSecond(NOW - 60),
                Instant.ofEpochSecond(NOW + 3600), claims);
    }

    private static ClientView client() {
        return ClientViews.withGrants(Map.of(ORDERS.id(), Set.of("read")));
    }

    /** The configuration's own default methods over a public URL, with the PingFederate face off. */
    private static PortcullisConfig config() {
        PortcullisConfig.PingFederate pingFederate = (PortcullisConfig.PingFederate) Proxy.newProxyInstance(
                AccessTokenClaimsTest.class.getClassLoader(), new Class<?>[] {PortcullisConfig.PingFederate.class},
                (proxy, method, args) -> method.getName().equals("enabled") ? false : null);
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "publicUrl" -> PUBLIC_URL;
            case "pingfederate" -> pingFederate;
            default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : null;
        };
        return (PortcullisConfig) Proxy.newProxyInstance(
                AccessTokenClaimsTest.class.getClassLoader(), new Class<?>[] {PortcullisConfig.class}, handler);
    }
}
