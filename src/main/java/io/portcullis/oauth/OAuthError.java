package io.portcullis.oauth;

/**
 * An OAuth 2.0 error response (RFC 6749 §5.2): the {@code error} code, a human-readable
 * description and the HTTP status, plus the Basic realm when the client used HTTP Basic.
 * Thrown without a stack trace: these are expected outcomes, not faults.
 */
public final class OAuthError extends RuntimeException {

    /** What {@code invalid_client} says on the wire whatever failed (the reason goes to the audit log). */
    public static final String CLIENT_AUTHENTICATION_FAILED = "Client authentication failed";

    private final String error;
    private final int status;
    private final String basicRealm;
    private final Long retryAfterSeconds;

    private OAuthError(String error, String description, int status, String basicRealm) {
        this(error, description, status, basicRealm, null);
    }

    private OAuthError(String error, String description, int status, String basicRealm, Long retryAfterSeconds) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.basicRealm = basicRealm;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description, 400, null);
    }

    /** RFC 6749 §5.2: 401, with {@code WWW-Authenticate} when the client tried HTTP Basic. */
    public static OAuthError invalidClient(String basicRealmOrNull) {
        return new OAuthError("invalid_client", CLIENT_AUTHENTICATION_FAILED, 401, basicRealmOrNull);
    }

    /**
     * Client authentication refused without being tried, because the client id or the source address
     * failed too often (RFC 6749 §2.3.1 asks for brute-force protection). RFC 6749 §5.2 has no code
     * for this, so the code stays {@code invalid_client} (the request was not authenticated) and the
     * status is RFC 6585 §4's 429 with {@code Retry-After}.
     */
    public static OAuthError tooManyFailedAuthentications(long retryAfterSeconds) {
        return new OAuthError("invalid_client", "Too many failed client authentications; retry after the time in Retry-After",
                429, null, Math.max(1, retryAfterSeconds));
    }

    /**
     * The server cannot issue a token for now, through no fault of the client (no key may sign):
     * {@code temporarily_unavailable} (RFC 6749 §4.1.2.1, admitted at the token endpoint by errata
     * 4745 / OAuth 2.1), 503 with {@code Retry-After} (RFC 9110 §15.6.4).
     */
    public static OAuthError temporarilyUnavailable(String description, long retryAfterSeconds) {
        return new OAuthError("temporarily_unavailable", description, 503, null, Math.max(1, retryAfterSeconds));
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description, 400, null);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description, 400, null);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description, 400, null);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400, null);
    }

    /** RFC 8707 §2, RFC 8693 §2.2.2: the requested resource or audience is unknown or not allowed. */
    public static OAuthError invalidTarget(String description) {
        return new OAuthError("invalid_target", description, 400, null);
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public int status() {
        return status;
    }

    /** Seconds for {@code Retry-After} (RFC 9110 §10.2.3), or null for none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The realm for {@code WWW-Authenticate: Basic realm="..."}, or null for none. */
    public String basicRealm() {
        return basicRealm;
    }
}
