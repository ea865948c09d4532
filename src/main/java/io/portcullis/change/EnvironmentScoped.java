package io.portcullis.change;

import java.util.UUID;

/**
 * An entity whose rows the token endpoint reads from memory ({@code Directory}, {@code KeyRing}):
 * every insert and delete of one changes its environment, and every update unless {@link
 * #updateChangesWhatIsHeld} says otherwise. Such an entity also carries
 * {@code @EntityListeners(EnvironmentChangeTracker.class)}, which hands each row Hibernate writes to
 * {@link ChangePublisher}; {@code ArchitectureTest} fails for an entity that has neither.
 */
public interface EnvironmentScoped {

    /** The environment this row is part of: by id, or through the row that owns it. */
    BelongsTo belongsTo();

    /**
     * Whether an update of the row changes what the token endpoint holds; false for an entity of
     * which memory holds only that the row exists (its insert and delete still publish).
     */
    default boolean updateChangesWhatIsHeld() {
        return true;
    }

    /** Where a row belongs: an environment, or a row (itself {@link EnvironmentScoped}) that belongs to one. */
    sealed interface BelongsTo {

        static BelongsTo environment(UUID environmentId) {
            return new Environment(environmentId);
        }

        /** The environment of the {@code type} row {@code id}, resolved when the transaction commits. */
        static BelongsTo owner(Class<? extends EnvironmentScoped> type, UUID id) {
            return new Owner(type, id);
        }

        record Environment(UUID environmentId) implements BelongsTo {}

        record Owner(Class<? extends EnvironmentScoped> type, UUID id) implements BelongsTo {}
    }
}
