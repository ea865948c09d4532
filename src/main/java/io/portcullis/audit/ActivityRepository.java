package io.portcullis.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The audit trail in PostgreSQL. */
@ApplicationScoped
public class ActivityRepository implements PanacheRepositoryBase<Activity, UUID> {}
