package io.portcullis.management;

import java.util.List;
import java.util.UUID;

/** The application calling the management API, as its verified token and role assignments say. */
public record Caller(UUID clientId, UUID environmentId, List<Held> roles) {

    /** A role the caller holds; {@code environmentId} is null for ORGANIZATION scope. */
    public record Held(ManagementRole role, UUID environmentId) {

        boolean appliesTo(UUID targetEnvironment) {
            return environmentId == null || environmentId.equals(targetEnvironment);
        }
    }

    /** Whether some held role permits this in the environment ({@code null}: organization level). */
    public boolean may(Permission permission, UUID environmentId) {
        for (Held held : roles) {
            boolean scopeFits = environmentId == null ? held.environmentId() == null : held.appliesTo(environmentId);
            if (scopeFits && held.role().permits(permission)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the caller holds {@code role} (or a stronger one) over the scope ({@code null}: organization). */
    public boolean holds(ManagementRole role, UUID environmentId) {
        for (Held held : roles) {
            boolean scopeFits = environmentId == null ? held.environmentId() == null : held.appliesTo(environmentId);
            if (scopeFits && held.role().covers(role)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the caller holds every one of these roles with the same or a wider scope (ORGANIZATION
     * covers every environment): what acting on the application that holds them requires.
     */
    public boolean holdsAll(List<Held> others) {
        return others.stream().allMatch(other -> holds(other.role(), other.environmentId()));
    }

    /** Whether the caller may see every environment (organization-wide read). */
    public boolean organizationWide() {
        return roles.stream().anyMatch(h -> h.environmentId() == null);
    }
}
