package io.portcullis.clientauth;

import java.util.UUID;

/**
 * What brute-force protection counts failures of: one client id guessed from one source address
 * under one environment path, or one source address whatever client ids it guesses.
 */
public record LockoutSubject(Kind kind, String value) {

    /** The two kinds of subject, as stored in {@code client_auth_failures.subject_kind}. */
    public enum Kind {
        /** One client id guessed from one source address under one environment path. */
        ADDRESS_CLIENT,
        /** One source address, whatever client ids it presents. */
        ADDRESS
    }

    /**
     * The client id as guessed from {@code address} under {@code environmentIdOrNull} (null when the
     * path named no UUID): {@code "<address> <environment id or -> <client id>"}.
     */
    public static LockoutSubject addressClient(String address, UUID environmentIdOrNull, UUID clientId) {
        return new LockoutSubject(Kind.ADDRESS_CLIENT,
                address + " " + (environmentIdOrNull == null ? "-" : environmentIdOrNull.toString()) + " " + clientId);
    }

    public static LockoutSubject address(String address) {
        return new LockoutSubject(Kind.ADDRESS, address);
    }
}
