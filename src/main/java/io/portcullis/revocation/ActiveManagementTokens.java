package io.portcullis.revocation;

import io.portcullis.management.ManagementTokens;
import io.portcullis.signing.VerifiedAccessToken;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/** The management API's token check, by {@link ActiveTokens}: the verifier every endpoint shares. */
@Singleton
public class ActiveManagementTokens implements ManagementTokens {

    private final ActiveTokens activeTokens;

    public ActiveManagementTokens(ActiveTokens activeTokens) {
        this.activeTokens = activeTokens;
    }

    @Override
    public Optional<Bearer> active(String token) {
        Optional<VerifiedAccessToken> verified = activeTokens.activeManagementToken(token);
        // A UUID: ActiveTokens found the application by it.
        return verified.map(t -> new Bearer(UUID.fromString(t.clientId()), t.environmentId()));
    }
}
