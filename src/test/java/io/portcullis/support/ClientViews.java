package io.portcullis.support;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.directory.AssertionKeys;
import io.portcullis.directory.ClientView;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** In-memory clients for the plain tests of pure rules: an enabled client_credentials application and its grants. */
public final class ClientViews {

    private ClientViews() {}

    public static ClientView withGrants(Map<UUID, Set<String>> granted) {
        return withGrants(granted, false);
    }

    public static ClientView withGrants(Map<UUID, Set<String>> granted, boolean managementAccess) {
        return new ClientView(UUID.randomUUID(), UUID.randomUUID(), true, Set.of(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC),
                Set.of(GrantType.CLIENT_CREDENTIALS), List.of(), granted, managementAccess, AssertionKeys.NONE, null);
    }
}
