package io.portcullis.management;

import java.util.List;
import java.util.UUID;

/**
 * The management roles an application holds, read fresh from its role assignments; implemented
 * where role assignments are stored ({@code application}).
 */
public interface HeldRoles {

    /** The roles the application holds now; empty when it holds none. */
    List<Caller.Held> heldBy(UUID applicationId);
}
