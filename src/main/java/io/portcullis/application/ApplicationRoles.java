package io.portcullis.application;

import io.portcullis.management.Caller;
import io.portcullis.management.HeldRoles;
import io.portcullis.management.ManagementRole;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The management roles of an application, from its role assignments. */
@ApplicationScoped
public class ApplicationRoles implements HeldRoles {

    private final RoleAssignmentRepository roles;

    public ApplicationRoles(RoleAssignmentRepository roles) {
        this.roles = roles;
    }

    @Override
    public List<Caller.Held> heldBy(UUID applicationId) {
        return held(roles.listByApplication(applicationId));
    }

    /** The roles these assignments give; {@code environmentId} null for ORGANIZATION scope. */
    public static List<Caller.Held> held(List<RoleAssignment> assignments) {
        List<Caller.Held> held = new ArrayList<>();
        for (RoleAssignment assignment : assignments) {
            ManagementRole.of(assignment.roleName).ifPresent(role -> held.add(new Caller.Held(
                    role, "ORGANIZATION".equals(assignment.scopeType) ? null : assignment.scopeId)));
        }
        return List.copyOf(held);
    }
}
