package io.portcullis.admin;

import java.util.UUID;

/** Path ids of the management API: anything that is not a UUID is simply not found. */
public final class Ids {

    private Ids() {}

    public static UUID parse(String raw, String what) {
        if (raw != null && raw.length() == 36) {
            try {
                return UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                // falls through to not found
            }
        }
        // Not a UUID: named without echoing what was sent (it may be long, binary or hostile).
        throw ApiError.notFound(raw == null ? what : what.replace(raw, "(not a UUID)"));
    }
}
