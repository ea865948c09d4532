package io.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PingOne's client_credentials scope rules (seed 003, CONTRACT.md) without a server. */
class ScopeResolutionTest {

    static final ResourceView ORDERS = new ResourceView(UUID.randomUUID(), "orders", "https://orders.example", 7200);
    static final ResourceView BILLING = new ResourceView(UUID.randomUUID(), "billing", "billing", 3600);
    static final Map<UUID, ResourceView> RESOURCES = Map.of(ORDERS.id(), ORDERS, BILLING.id(), BILLING);

    // --- scope omitted ---

    @Test
    void omittedScopeGrantsEveryGrantedScopeOfTheOneResourceSorted() {
        ScopeResolution resolution = ScopeResolution.resolve(null, client(Map.of(ORDERS.id(), Set.of("write", "read", "edit"))), RESOURCES);
        assertThat(resolution.resource()).isEqualTo(ORDERS);
        assertThat(resolution.scopes()).containsExactly("edit", "read", "write");
        assertThat(resolution.forManagementApi()).isFalse();
    }

    @Test
    void omittedScopeWithGrantsOfTwoResourcesIsInvalidScope() {
        assertInvalidScope(null, client(Map.of(ORDERS.id(), Set.of("read"), BILLING.id(), Set.of("pay"))), "more than one resource");
    }

    @Test
    void omittedScopeWithoutGrantsIsInvalidScope() {
        assertInvalidScope(null, client(Map.of()), "no granted scopes");
    }

    @Test
    void managementRoleWithoutGrantsGetsAManagementToken() {
        ScopeResolution resolution = ScopeResolution.resolve(null, client(Map.of(), true), RESOURCES);
        assertThat(resolution.forManagementApi()).isTrue();
        assertThat(resolution.resource()).isNull();
        assertThat(resolution.scopes()).isEmpty();
    }

    @Test
    void managementRoleWithAResourceGrantGetsTheResourceToken() {
        ScopeResolution resolution = ScopeResolution.resolve(null, client(Map.of(ORDERS.id(), Set.of("read")), true), RESOURCES);
        assertThat(resolution.resource()).isEqualTo(ORDERS);
        assertThat(resolution.scopes()).containsExactly("read");
    }

    // --- scope given ---

    @Test
    void listedGrantedScopesAreGrantedInRequestOrder() {
        ScopeResolution resolution = ScopeResolution.resolve("write read", client(Map.of(ORDERS.id(), Set.of("read", "write", "edit"))), RESOURCES);
        assertThat(resolution.resource()).isEqualTo(ORDERS);
        assertThat(resolution.scopes()).containsExactly("write", "read");
    }

    @Test
    void scopesNotGrantedAreSilentlyDropped() {
        // seed 003: "All other scopes assigned to the application are ignored"; PingOne drops unknown ones too.
        ScopeResolution resolution = ScopeResolution.resolve("openid read p1:read:user nonsense",
                client(Map.of(ORDERS.id(), Set.of("read", "write"))), RESOURCES);
        assertThat(resolution.scopes()).containsExactly("read");
    }

    @Test
    void repeatedNamesAndExtraSpacesCarryNoMeaning() {
        // RFC 6749 §3.3: a space-delimited list of names.
        ScopeResolution resolution = ScopeResolution.resolve("read  read   write ", client(Map.of(ORDERS.id(), Set.of("read", "write"))), RESOURCES);
        assertThat(resolution.scopes()).containsExactly("read", "write");
    }

    @Test
    void scopeNamesAreCaseSensitive() {
        assertInvalidScope("READ", client(Map.of(ORDERS.id(), Set.of("read"))), "None of the requested scopes");
    }

    @Test
    void scopesOfTwoResourcesInOneRequestAreInvalidScope() {
        // seed 003: "only the scopes from one custom resource can be requested".
        assertInvalidScope("read pay", client(Map.of(ORDERS.id(), Set.of("read"), BILLING.id(), Set.of("pay"))), "more than one resource");
    }

    @Test
    void scopesOfOneOfTwoGrantedResourcesAreGranted() {
        ScopeResolution resolution = ScopeResolution.resolve("pay", client(Map.of(ORDERS.id(), Set.of("read"), BILLING.id(), Set.of("pay"))), RESOURCES);
        assertThat(resolution.resource()).isEqualTo(BILLING);
        assertThat(resolution.scopes()).containsExactly("pay");
    }

    @Test
    void aNameGrantedFromTwoResourcesIsAmbiguous() {
        assertInvalidScope("read", client(Map.of(ORDERS.id(), Set.of("read"), BILLING.id(), Set.of("read"))), "more than one resource");
    }

    @Test
    void onlyScopesTheApplicationLacksIsInvalidScope() {
        assertInvalidScope("write", client(Map.of(ORDERS.id(), Set.of("read"))), "None of the requested scopes");
        assertInvalidScope("pay", client(Map.of(ORDERS.id(), Set.of("read"))), "None of the requested scopes");
    }

    @Test
    void blankScopeMatchesNothing() {
        assertInvalidScope(" ", client(Map.of(ORDERS.id(), Set.of("read"))), "None of the requested scopes");
    }

    @Test
    void managementRoleWithScopeParameterAndNoGrantsIsInvalidScope() {
        assertInvalidScope("read", client(Map.of(), true), "None of the requested scopes");
    }

    private static ClientView client(Map<UUID, Set<String>> granted) {
        return client(granted, false);
    }

    private static ClientView client(Map<UUID, Set<String>> granted, boolean managementAccess) {
        return new ClientView(UUID.randomUUID(), UUID.randomUUID(), true, Set.of(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC),
                Set.of(GrantType.CLIENT_CREDENTIALS), List.of(), granted, managementAccess,
                io.portcullis.directory.AssertionKeys.NONE, null);
    }

    private static void assertInvalidScope(String scope, ClientView client, String descriptionPart) {
        assertThatThrownBy(() -> ScopeResolution.resolve(scope, client, RESOURCES)).isInstanceOfSatisfying(OAuthError.class, e -> {
            assertThat(e.error()).isEqualTo("invalid_scope");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.description()).contains(descriptionPart);
        });
    }
}
