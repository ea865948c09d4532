package io.portcullis.application;

import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** An OAuth client of one environment; its id is its client_id. */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "applications")
public class Application implements EnvironmentScoped {
    @Id
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    /** A client id of the operator's choosing, unique in the environment, or null (the UUID only). */
    @Column(name = "client_id")
    public String clientId;

    public String name;
    public String description;
    public boolean enabled;
    public String protocol;

    @Enumerated(EnumType.STRING)
    public ApplicationType type;

    @Convert(converter = GrantTypesConverter.class)
    @Column(name = "grant_types")
    public Set<GrantType> grantTypes = EnumSet.noneOf(GrantType.class);

    @Enumerated(EnumType.STRING)
    @Column(name = "token_endpoint_auth_method")
    public TokenEndpointAuthMethod tokenEndpointAuthMethod;

    /** PRIVATE_KEY_JWT (RFC 7523): the client's public keys as a JWKS JSON document, or null. */
    public String jwks;

    /** PRIVATE_KEY_JWT: an https URL serving the client's JWKS, or null. */
    @Column(name = "jwks_url")
    public String jwksUrl;

    /**
     * PingOne fields without effect here (PKCE, refresh tokens, portal visibility, PAR, device flow),
     * as the JSON the management API stores and echoes; null for all defaults.
     */
    public String settings;

    /** Access tokens issued to the application before this instant are inactive; null for none. */
    @Column(name = "tokens_not_before")
    public Instant tokensNotBefore;

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
