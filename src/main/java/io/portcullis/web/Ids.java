package io.portcullis.web;

import java.util.Optional;
import java.util.function.Function;
import java.util.UUID;

/** Path ids of the management API: anything that is not a UUID is simply not found. */
public final class Ids {

    private Ids() {}

    /**
     * The object a path id names, looked up with {@code lookup}; 404 {@code NOT_FOUND} naming
     * {@code what} when the id is not a UUID or names nothing.
     */
    public static <T> T find(String raw, String what, Function<UUID, Optional<T>> lookup) {
        UUID id = parse(raw, what + " " + raw);
        return lookup.apply(id).orElseThrow(() -> ApiError.notFound(what + " " + id));
    }

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
