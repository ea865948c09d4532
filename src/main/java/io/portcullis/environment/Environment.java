package io.portcullis.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** An environment: the tenant boundary; each has its own issuer, applications, resources and keys. */
@Entity
@Table(name = "environments")
public class Environment {
    @Id
    public UUID id;

    public String name;
    public String description;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}
