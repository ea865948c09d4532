package io.portcullis.oauth;

import java.util.Locale;

/** Checks shared by every form-posting OAuth endpoint (token, introspection, revocation). */
public final class FormRequests {

    private FormRequests() {}

    /** RFC 6749 §3.2: the token endpoint takes {@code application/x-www-form-urlencoded} only. */
    public static void requireFormContentType(String contentType) {
        if (contentType == null) {
            throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/x-www-form-urlencoded")) {
            throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
        }
    }

    public static OAuthRequest read(String rawEnvironmentId, String contentType, String authorization, byte[] body) {
        requireFormContentType(contentType);
        return new OAuthRequest(
                OAuthRequest.environmentIdOrNull(rawEnvironmentId), rawEnvironmentId, authorization, FormBody.parse(body));
    }
}
