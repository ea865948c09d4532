package io.portcullis.environment;

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

/** An environment: the tenant boundary; each has its own issuer, applications, resources and keys. */
@Entity
@EntityListeners(EnvironmentChangeTracker.class)
@Table(name = "environments")
public class Environment implements EnvironmentScoped {
    /** PingOne's region codes (EnumRegionCode); NA when a request names none. */
    public static final String REGIONS = "NA|EU|AP|AU|CA|SG";
    public static final String DEFAULT_REGION = "NA";
    public static final String TYPES = "SANDBOX|PRODUCTION";
    public static final String DEFAULT_TYPE = "SANDBOX";

    @Id
    public UUID id;

    public String name;
    public String description;

    /** PingOne's region code, set at creation; it only labels the environment. */
    public String region;

    /** SANDBOX or PRODUCTION; stored and echoed, it changes no behaviour here. */
    public String type;

    /** The bill of materials as JSON ({@link BillOfMaterials}); null until first set. */
    @Column(name = "bill_of_materials")
    public String billOfMaterials;

    @Column(name = "bill_of_materials_updated_at")
    public Instant billOfMaterialsUpdatedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    @Override
    public BelongsTo belongsTo() {
        return BelongsTo.environment(id);
    }

    /**
     * The token endpoint holds only that an environment exists (its issuer is its id): a new name,
     * description, type or bill of materials changes nothing it holds, so it does not make every
     * replica reload the environment's applications and keys.
     */
    @Override
    public boolean updateChangesWhatIsHeld() {
        return false;
    }
}
