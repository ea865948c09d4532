package io.portcullis.management;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The management roles, strongest first, with what each permits and how {@code GET /v1/roles} shows
 * it: PingOne's name, a description, the scope types it applies to and its permissions. A role
 * covers every weaker one: that is what "never grants more than its creator holds" compares. Ids are
 * stable across installations (a name-based UUID), so that configuration may name them.
 */
public enum ManagementRole {
    ORGANIZATION_ADMIN("Organization Admin", "Manages the organization: every environment and everything in it.",
            List.of("ORGANIZATION"), EnumSet.allOf(Permission.class)),
    ENVIRONMENT_ADMIN("Environment Admin", "Manages one environment: its applications, resources, keys and roles.",
            List.of("ENVIRONMENT"), EnumSet.complementOf(EnumSet.of(Permission.CREATE_ENVIRONMENT))),
    CLIENT_APPLICATION_DEVELOPER("Client Application Developer",
            "Manages the applications, resources, scopes and grants of an environment and reads their secrets.",
            List.of("ENVIRONMENT"), EnumSet.of(Permission.READ, Permission.READ_SECRETS, Permission.WRITE_CONFIGURATION)),
    READ_ONLY("Configuration Read Only", "Reads the configuration of an environment, never its secrets.",
            List.of("ENVIRONMENT"), EnumSet.of(Permission.READ));

    private final UUID id;
    private final String displayName;
    private final String description;
    private final List<String> applicableTo;
    private final Set<Permission> permissions;

    ManagementRole(String displayName, String description, List<String> applicableTo, Set<Permission> permissions) {
        this.id = UUID.nameUUIDFromBytes(("portcullis-role:" + name()).getBytes(StandardCharsets.UTF_8));
        this.displayName = displayName;
        this.description = description;
        this.applicableTo = applicableTo;
        this.permissions = permissions;
    }

    public UUID id() {
        return id;
    }

    /** PingOne's name of the role ("Organization Admin"). */
    public String displayName() {
        return displayName;
    }

    public String description() {
        return description;
    }

    /** The role assignment scope types it may be given with. */
    public List<String> applicableTo() {
        return applicableTo;
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    public boolean permits(Permission permission) {
        return permissions.contains(permission);
    }

    /** Whether holding this role is at least as much as holding {@code other}. */
    public boolean covers(ManagementRole other) {
        return ordinal() <= other.ordinal();
    }

    /** By constant name ({@code ENVIRONMENT_ADMIN}) or PingOne name ({@code Environment Admin}). */
    public static Optional<ManagementRole> of(String name) {
        for (ManagementRole role : values()) {
            if (role.name().equals(name) || role.displayName.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    public static Optional<ManagementRole> byId(UUID id) {
        for (ManagementRole role : values()) {
            if (role.id.equals(id)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
