package io.portcullis.environment;

import java.time.Instant;
import java.util.UUID;

/**
 * The one organization a Portcullis deployment is, and the one licence it lists: fixed ids, so that
 * a PingOne client (Terraform's {@code license_id}, a role assignment's {@code ORGANIZATION} scope)
 * can name them in configuration. They are the same in every deployment and never change.
 */
public final class Organization {

    /** The organization's id: the {@code id} of an {@code ORGANIZATION} role-assignment scope. */
    public static final UUID ID = UUID.fromString("0f4e1c2a-7b3d-4c5e-9a61-2d8f0b7c6e15");
    public static final String NAME = "Portcullis";
    /** PingOne's organization types are PAID, TRIAL and INTERNAL; a self-hosted one is INTERNAL. */
    public static final String TYPE = "INTERNAL";

    /** The one licence: every environment has it, and {@code license.id} must name it. */
    public static final UUID LICENSE_ID = UUID.fromString("6a0d9f3e-2c41-4b7a-8e55-c13f7d9b2a08");
    public static final String LICENSE_NAME = "Portcullis";
    public static final String LICENSE_PACKAGE = "PORTCULLIS";
    public static final String LICENSE_STATUS = "ACTIVE";
    /** When the licence begins: fixed, so that reads are stable. */
    public static final Instant LICENSE_BEGINS_AT = Instant.parse("2026-01-01T00:00:00Z");

    private Organization() {}
}
