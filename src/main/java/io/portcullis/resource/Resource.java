package io.portcullis.resource;

import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A custom resource (an API): the audience of the tokens that carry its scopes. */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "resources")
public class Resource implements EnvironmentScoped {
    public static final int DEFAULT_VALIDITY_SECONDS = 3600;
    public static final int MIN_VALIDITY_SECONDS = 300;
    public static final int MAX_VALIDITY_SECONDS = 2_592_000;
    /** PingOne's EnumResourceIntrospectEndpointAuthMethod, and its default. */
    public static final String INTROSPECT_METHODS = "NONE|CLIENT_SECRET_BASIC|CLIENT_SECRET_POST";
    public static final String DEFAULT_INTROSPECT_METHOD = "CLIENT_SECRET_BASIC";

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

    /** How the resource server authenticates at the introspection endpoint: NONE, CLIENT_SECRET_BASIC or CLIENT_SECRET_POST. */
    @Column(name = "introspect_endpoint_auth_method")
    public String introspectEndpointAuthMethod;

    /** PingOne's applicationPermissionsSettings.claimEnabled: stored and echoed, no claim is added. */
    @Column(name = "application_permissions_claim_enabled")
    public boolean applicationPermissionsClaimEnabled;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.environment(environmentId);
    }
}
