package io.portcullis.clientauth;

/** What brute-force protection counts failures of: one client id, or one source address. */
public record LockoutSubject(Kind kind, String value) {

    /** The two kinds of subject, as stored in {@code client_auth_failures.subject_kind}. */
    public enum Kind {
        CLIENT,
        ADDRESS
    }

    public static LockoutSubject client(String clientId) {
        return new LockoutSubject(Kind.CLIENT, clientId);
    }

    public static LockoutSubject address(String address) {
        return new LockoutSubject(Kind.ADDRESS, address);
    }
}
