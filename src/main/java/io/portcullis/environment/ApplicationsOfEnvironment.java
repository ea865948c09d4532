package io.portcullis.environment;

import io.portcullis.management.Caller;
import java.util.UUID;

/**
 * What the applications of an environment say about deleting it, implemented where those rules
 * live ({@code application.ApplicationAuthority}), so that environment depends on no application class.
 */
public interface ApplicationsOfEnvironment {

    /** 403 unless the caller may act on every application of the environment. */
    void requireActOnEnvironment(Caller caller, UUID environmentId);

    /** 400 when deleting the environment, with its applications, would leave no enabled ORGANIZATION_ADMIN. */
    void keepOrganizationAdminWithoutEnvironment(UUID environmentId);
}
