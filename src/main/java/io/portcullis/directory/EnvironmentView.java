package io.portcullis.directory;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One environment's clients and resources, immutable, as loaded at one moment. */
public record EnvironmentView(UUID id, Map<UUID, ClientView> clients, Map<UUID, ResourceView> resources) {

    public Optional<ClientView> client(UUID clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    public Optional<ResourceView> resource(UUID resourceId) {
        return Optional.ofNullable(resources.get(resourceId));
    }
}
