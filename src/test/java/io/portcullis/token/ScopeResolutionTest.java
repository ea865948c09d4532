package io.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.directory.ClientView;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.support.ClientViews;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scope rules of {@link ScopeResolution} (PingOne's "Token Admin App" page, RFC 6749 §3.3, RFC 8707, RFC 8693, the wire contract) without a server. */
class ScopeResolutionTest {

    static final ResourceView ORDERS = new ResourceView(UUID.randomUUID(), "orders", "https://orders.example", 7200);
    static final ResourceView BILLING = new ResourceView(UUID.randomUUID(), "billing", "billing", 3600);
    /** A second resource with BILLING's audience. */
    static final ResourceView TWIN = new ResourceView(UUID.randomUUID(), "twin", "billing", 3600);
    static final Map<UUID, ResourceView> RESOURCES = Map.of(ORDERS.id(), ORDERS, BILLING.id(), BILLING, TWIN.id(), TWIN);

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
        // PingOne's "Token Admin App" page: "All other scopes assigned to the application are ignored"; PingOne drops unknown ones too.
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
        // PingOne's "Token Admin App" page: "only the scopes from one custom resource can be requested".
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

    // --- RFC 6749 §3.3 parsing ---

    @Test
    void scopeNamesAreSpaceDelimitedInFirstSeenOrderWithoutRepeatsOrEmptyNames() {
        assertThat(ScopeResolution.names(" write read  write ")).containsExactly("write", "read");
        assertThat(ScopeResolution.names(" ")).isEmpty();
    }

    // --- which stored grants count ---

    static final String MANAGEMENT_AUDIENCE = "https://portcullis.example/v1";

    @Test
    void aGrantGivesTheScopesOfItsOwnResource() {
        Map<UUID, Set<String>> granted = ScopeResolution.granted(
                Map.of(ORDERS.id(), Map.of(ORDERS.id(), Set.of("read"), BILLING.id(), Set.of("pay"))), false, RESOURCES.keySet());
        assertThat(granted).isEqualTo(Map.of(ORDERS.id(), Set.of("read")));
    }

    @Test
    void aGrantOnAResourceOutsideTheEnvironmentGivesNothing() {
        UUID elsewhere = UUID.randomUUID();
        assertThat(ScopeResolution.granted(Map.of(elsewhere, Map.of(elsewhere, Set.of("read"))), true, RESOURCES.keySet()))
                .isEmpty();
    }

    @Test
    void aGrantWithoutScopesCountsOnlyForAClientWithAChosenId() {
        Map<UUID, Map<UUID, Set<String>>> grants = new HashMap<>();
        grants.put(ORDERS.id(), Map.of());
        grants.put(BILLING.id(), Map.of(ORDERS.id(), Set.of("read"))); // only a scope of another resource: none
        assertThat(ScopeResolution.granted(grants, false, RESOURCES.keySet())).isEmpty();
        assertThat(ScopeResolution.granted(grants, true, RESOURCES.keySet()))
                .isEqualTo(Map.of(ORDERS.id(), Set.of(), BILLING.id(), Set.of()));
    }

    // --- client_credentials with resource (RFC 8707) ---

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

    @Test
    void withoutResourceTheScopesPickTheResource() {
        ClientView client = client(Map.of(ORDERS.id(), Set.of("read"), BILLING.id(), Set.of("pay")));
        assertThat(ScopeResolution.forClientCredentials(null, "pay", client, RESOURCES, MANAGEMENT_AUDIENCE))
                .isEqualTo(new ScopeResolution(BILLING, List.of("pay")));
    }

    @Test
    void resourceNamingTheManagementApiGivesAManagementTokenToAManagementClientOnly() {
        ClientView manager = client(Map.of(ORDERS.id(), Set.of("read")), true);
        assertThat(ScopeResolution.forClientCredentials(MANAGEMENT_AUDIENCE, "read", manager, RESOURCES, MANAGEMENT_AUDIENCE))
                .isEqualTo(ScopeResolution.MANAGEMENT_API);
        ClientView other = client(Map.of(ORDERS.id(), Set.of("read")));
        assertThatThrownBy(() -> ScopeResolution.forClientCredentials(MANAGEMENT_AUDIENCE, null, other, RESOURCES, MANAGEMENT_AUDIENCE))
                .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo("invalid_target"));
    }

    @Test
    void resourcePicksTheResourceAndScopeNarrowsWithinIt() {
        ClientView client = client(Map.of(ORDERS.id(), Set.of("read", "write"), BILLING.id(), Set.of("pay")));
        assertThat(ScopeResolution.forClientCredentials("https://orders.example", null, client, RESOURCES, MANAGEMENT_AUDIENCE))
                .isEqualTo(new ScopeResolution(ORDERS, List.of("read", "write")));
        // A scope of the other granted resource is dropped, not an error of two resources.
        assertThat(ScopeResolution.forClientCredentials("https://orders.example", "pay write", client, RESOURCES, MANAGEMENT_AUDIENCE))
                .isEqualTo(new ScopeResolution(ORDERS, List.of("write")));
    }

    // --- token exchange (RFC 8693) ---

    @Test
    void exchangedScopesAreGrantedAndCarriedByTheSubject() {
        ClientView client = client(Map.of(ORDERS.id(), Set.of("read", "write")));
        assertThat(ScopeResolution.forTokenExchange("https://orders.example", null, null, client, RESOURCES, "write other"))
                .isEqualTo(new ScopeResolution(ORDERS, List.of("write")));
        assertThatThrownBy(() -> ScopeResolution.forTokenExchange("https://orders.example", null, null, client, RESOURCES, null))
                .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo("invalid_scope"));
    }

    @Test
    void exchangeResourceAndAudienceMustNameTheSameResource() {
        ClientView client = client(Map.of(ORDERS.id(), Set.of("read"), BILLING.id(), Set.of("read")));
        assertThat(ScopeResolution.forTokenExchange("billing", "billing", null, client, RESOURCES, "read").resource())
                .isEqualTo(BILLING);
        assertThat(ScopeResolution.forTokenExchange(null, "billing", null, client, RESOURCES, "read").resource())
                .isEqualTo(BILLING);
        assertThatThrownBy(() -> ScopeResolution.forTokenExchange("https://orders.example", "billing", null, client, RESOURCES, "read"))
                .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo("invalid_target"));
    }

    @Test
    void exchangeWithoutTargetIsPickedByScopeAndNeverTheManagementApi() {
        ClientView client = client(Map.of(BILLING.id(), Set.of("pay")), false);
        assertThat(ScopeResolution.forTokenExchange(null, null, "pay", client, RESOURCES, "pay").resource()).isEqualTo(BILLING);
        ClientView manager = client(Map.of(), true);
        assertThatThrownBy(() -> ScopeResolution.forTokenExchange(null, null, null, manager, RESOURCES, "pay"))
                .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo("invalid_target"));
    }

    private static ClientView client(Map<UUID, Set<String>> granted) {
        return ClientViews.withGrants(granted);
    }

    private static ClientView client(Map<UUID, Set<String>> granted, boolean managementAccess) {
        return ClientViews.withGrants(granted, managementAccess);
    }

    private static void assertInvalid(Runnable call, String error) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    private static void assertInvalidScope(String scope, ClientView client, String descriptionPart) {
        assertThatThrownBy(() -> ScopeResolution.resolve(scope, client, RESOURCES)).isInstanceOfSatisfying(OAuthError.class, e -> {
            assertThat(e.error()).isEqualTo("invalid_scope");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.description()).contains(descriptionPart);
        });
    }
}
