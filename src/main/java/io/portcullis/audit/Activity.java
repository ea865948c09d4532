package io.portcullis.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One recorded management change. */
@Entity
@Table(name = "activities")
public class Activity {
    @Id
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "actor_client_id")
    public UUID actorClientId;

    /** For example {@code APPLICATION.CREATED}. */
    public String action;

    @Column(name = "resource_type")
    public String resourceType;

    @Column(name = "resource_id")
    public UUID resourceId;

    public String description;
}
