package io.portcullis.clientauth;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Parses {@code Authorization: Basic} client credentials (RFC 7617, RFC 6749 §2.3.1). */
public final class BasicCredentials {

    /** Longer than any real client id and secret; refuse to decode more. */
    static final int MAX_HEADER_LENGTH = 4096;

    private BasicCredentials() {}

    public static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic", 0, 5)
                && (authorization.length() == 5 || authorization.charAt(5) == ' ');
    }

    /** The client id and secret, or empty when the header is not well-formed Basic credentials. */
    public static Optional<PresentedClient> parse(String authorization) {
        if (!isBasic(authorization) || authorization.length() > MAX_HEADER_LENGTH) {
            return Optional.empty();
        }
        String token = authorization.substring(5).strip();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String pair;
        try {
            pair = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            // RFC 6749 §2.3.1: the id and the secret are form-urlencoded before Base64.
            String clientId = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
            return secret.isEmpty() ? Optional.empty() : Optional.of(new PresentedClient(clientId, secret));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
