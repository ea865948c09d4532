package io.portcullis.signing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * An application's {@code signing} object (PingOne: {@code signing.keyRotationPolicy.id}, see
 * pingone-go-sdk-v2 management/model_application_oidc_all_of_signing.go): the key rotation policy
 * whose current key signs its tokens.
 */
public record ApplicationSigning(@Valid @NotNull PolicyRef keyRotationPolicy) {

    /** A reference to a key rotation policy by id. */
    public record PolicyRef(@NotNull UUID id) {}

    public static ApplicationSigning of(UUID policyId) {
        return new ApplicationSigning(new PolicyRef(policyId));
    }
}
