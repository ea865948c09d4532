package io.portcullis.pingfederate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.directory.ClientView;
import io.portcullis.directory.ResourceView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.support.ClientViews;
import io.portcullis.token.ScopeResolution;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PingFederate's scope rules for client_credentials, without a server. */
class PingFederateScopesTest {

    static final ResourceView DEFAULT = new ResourceView(UUID.randomUUID(), "default", "default", 7200);
    static final ResourceView JWT = new ResourceView(UUID.randomUUID(), "jwt", "jwt", 14400);
    static final Map<UUID, ResourceView> RESOURCES = Map.of(DEFAULT.id(), DEFAULT, JWT.id(), JWT);

    @Test
    void requestedScopesMustAllBeAllowed() {
        ClientView client = client(Map.of(JWT.id(), Set.of("edit", "read")));
        ScopeResolution resolution = PingFederateScopes.resolve("read edit read", client, RESOURCES, DEFAULT);
        assertThat(resolution.resource()).isEqualTo(JWT);
        assertThat(resolution.scopes()).containsExactly("read", "edit");
        assertThatThrownBy(() -> PingFederateScopes.resolve("edit admin", client, RESOURCES, DEFAULT))
                .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo("invalid_scope"));
    }

    @Test
    void noScopeIsATokenWithoutScopes() {
        ScopeResolution resolution = PingFederateScopes.resolve(null, client(Map.of(JWT.id(), Set.of("edit"))), RESOURCES, DEFAULT);
        assertThat(resolution.resource()).isEqualTo(JWT);
        assertThat(resolution.scopes()).isEmpty();
    }

    @Test
    void aClientWithoutScopesUsesTheDefaultManagerAndCanAskForNone() {
        ClientView client = client(Map.of());
        assertThat(PingFederateScopes.resolve(null, client, RESOURCES, DEFAULT).resource()).isEqualTo(DEFAULT);
        assertThatThrownBy(() -> PingFederateScopes.resolve("edit", client, RESOURCES, DEFAULT)).isInstanceOf(OAuthError.class);
    }

    private static ClientView client(Map<UUID, Set<String>> granted) {
        return ClientViews.withGrants(granted);
    }
}
