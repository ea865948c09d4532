package io.portcullis.directory;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One environment's clients and resources, immutable, as loaded at one moment.
 *
 * @param chosenClientIds the UUID of each application by its client id of the operator's choosing
 */
public record EnvironmentView(
        UUID id, Map<UUID, ClientView> clients, Map<UUID, ResourceView> resources, Map<String, UUID> chosenClientIds) {

    public EnvironmentView(UUID id, Map<UUID, ClientView> clients, Map<UUID, ResourceView> resources) {
        this(id, clients, resources, Map.of());
    }

    /** The client by its UUID or by its chosen client id (PingFederate's {@code cc_client}). */
    public Optional<ClientView> clientByAnyId(String clientId) {
        UUID chosen = chosenClientIds.get(clientId);
        if (chosen != null) {
            return client(chosen);
        }
        try {
            return clientId.length() == 36 ? client(UUID.fromString(clientId)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Optional<ClientView> client(UUID clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    public Optional<ResourceView> resource(UUID resourceId) {
        return Optional.ofNullable(resources.get(resourceId));
    }
}
