package io.portcullis.signing;

import java.util.Map;

/**
 * The JOSE header of the access tokens a key signs. The token endpoint decides its members
 * ({@code token/AccessTokenClaims}); {@link SigningKeyLoader} encodes it once per key, so that
 * signing a token does not write it again.
 */
public interface AccessTokenHeader {

    /** The header members, in the order they are written. */
    Map<String, String> of(SignatureAlgorithm algorithm, String kid);
}
