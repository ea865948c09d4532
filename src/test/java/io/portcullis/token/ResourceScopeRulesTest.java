package io.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.AssertionKeys;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure rules of {@link ScopeResolution#target} (RFC 8707) and {@link ScopeResolution#within}, without Quarkus. */
class ResourceScopeRulesTest {

    static final ResourceView ORDERS = new ResourceView(UUID.randomUUID(), "orders", "https://orders.example", 3600);
    static final ResourceView BILLING = new ResourceView(UUID.randomUUID(), "billing", "billing", 3600);
    static final ResourceView TWIN = new ResourceView(UUID.randomUUID(), "twin", "billing", 3600);
    static final Map<UUID, ResourceView> RESOURCES = Map.of(ORDERS.id(), ORDERS, BILLING.id(), BILLING, TWIN.id(), TWIN);

    @Test
    void targetIsTheGrantedResourceWithTheAudience() {
        ClientView client = client(Map.of(ORDERS.id(), Set.of("read"), BILLING.id(), Set.of("read")));
        assertThat(ScopeResolution.target("https://orders.example", client, RESOURCES)).isEqualTo(ORDERS);
        assertThat(ScopeResolution.target("billing", client, RESOURCES)).isEqualTo(BILLING);
    }

    @Test
    void ungrantedUnknownOrAmbiguousTargetsAreInvalidTarget() {
        ClientView onlyOrders = client(Map.of(ORDERS.id(), Set.of("read")));
        assertInvalid(() -> ScopeResolution.target("billing", onlyOrders, RESOURCES), "invalid_target");
        assertInvalid(() -> ScopeResolution.target("https://orders.example/", onlyOrders, RESOURCES), "invalid_target");
        ClientView both = client(Map.of(BILLING.id(), Set.of("read"), TWIN.id(), Set.of("read")));
        assertInvalid(() -> ScopeResolution.target("billing", both, RESOURCES), "invalid_target");
    }

    @Test
    void withinKeepsAllowedScopesOnly() {
        assertThat(ScopeResolution.within(ORDERS, null, Set.of("write", "read")).scopes()).containsExactly("read", "write");
        assertThat(ScopeResolution.within(ORDERS, "write other read write", Set.of("read", "write")).scopes())
                .containsExactly("write", "read");
        assertInvalid(() -> ScopeResolution.within(ORDERS, "other", Set.of("read")), "invalid_scope");
        assertInvalid(() -> ScopeResolution.within(ORDERS, null, Set.of()), "invalid_scope");
    }

    private static ClientView client(Map<UUID, Set<String>> granted) {
        return new ClientView(UUID.randomUUID(), UUID.randomUUID(), true, Set.of(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC),
                Set.of(GrantType.CLIENT_CREDENTIALS), List.of(), granted, false, AssertionKeys.NONE, null);
    }

    private static void assertInvalid(Runnable call, String error) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo(error));
    }
}
