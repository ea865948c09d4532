package io.portcullis.management;

import java.util.UUID;

/** Whether an environment exists; implemented where environments are stored ({@code environment}). */
public interface KnownEnvironments {

    boolean exists(UUID environmentId);
}
