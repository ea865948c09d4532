package io.portcullis.admin;

/** What a management call needs; roles grant sets of these (see {@link ManagementRole}). */
public enum Permission {
    /** GET anything of an environment except secrets. */
    READ,
    /** Read application secrets. */
    READ_SECRETS,
    /** Applications, secrets, resources, scopes and grants. */
    WRITE_CONFIGURATION,
    /** Signing keys. */
    WRITE_KEYS,
    /** Role assignments. */
    WRITE_ROLES,
    /** Change or delete the environment itself. */
    WRITE_ENVIRONMENT,
    /** Create environments (organization level). */
    CREATE_ENVIRONMENT
}
