package io.portcullis.admin;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The management roles of CONTRACT.md, strongest first, with what each permits. A role covers
 * every weaker one: that is what "never grants more than its creator holds" compares.
 */
public enum ManagementRole {
    ORGANIZATION_ADMIN(EnumSet.allOf(Permission.class)),
    ENVIRONMENT_ADMIN(EnumSet.complementOf(EnumSet.of(Permission.CREATE_ENVIRONMENT))),
    CLIENT_APPLICATION_DEVELOPER(EnumSet.of(Permission.READ, Permission.READ_SECRETS, Permission.WRITE_CONFIGURATION)),
    READ_ONLY(EnumSet.of(Permission.READ));

    private final Set<Permission> permissions;

    ManagementRole(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean permits(Permission permission) {
        return permissions.contains(permission);
    }

    /** Whether holding this role is at least as much as holding {@code other}. */
    public boolean covers(ManagementRole other) {
        return ordinal() <= other.ordinal();
    }

    public static Optional<ManagementRole> of(String name) {
        for (ManagementRole role : values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
