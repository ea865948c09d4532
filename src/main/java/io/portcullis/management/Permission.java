package io.portcullis.management;

/**
 * What a management call needs; roles grant sets of these (see {@link ManagementRole}). Each has
 * the {@code classifier} and {@code description} that {@code GET /v1/roles} lists, as PingOne does.
 */
public enum Permission {
    READ("permissions:read:configuration", "GET anything of an environment except secrets"),
    READ_SECRETS("permissions:read:applicationSecrets", "Read application secrets"),
    WRITE_CONFIGURATION("permissions:update:configuration", "Create, change and delete applications, secrets, resources, scopes and grants"),
    WRITE_KEYS("permissions:update:keys", "Create, change and delete signing keys"),
    WRITE_ROLES("permissions:update:roleAssignments", "Assign and remove roles"),
    WRITE_ENVIRONMENT("permissions:update:environments", "Change or delete the environment itself"),
    CREATE_ENVIRONMENT("permissions:create:environments", "Create environments (organization level)");

    private final String classifier;
    private final String description;

    Permission(String classifier, String description) {
        this.classifier = classifier;
        this.description = description;
    }

    public String classifier() {
        return classifier;
    }

    public String description() {
        return description;
    }
}
