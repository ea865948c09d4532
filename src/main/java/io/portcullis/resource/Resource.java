package io.portcullis.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A custom resource (an API): the audience of the tokens that carry its scopes. */
@Entity
@Table(name = "resources")
public class Resource {
    public static final int DEFAULT_VALIDITY_SECONDS = 3600;
    public static final int MIN_VALIDITY_SECONDS = 300;
    public static final int MAX_VALIDITY_SECONDS = 2_592_000;

    @Id
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    public String name;
    public String type;
    public String audience;

    @Column(name = "access_token_validity_seconds")
    public int accessTokenValiditySeconds;

    public String description;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}
