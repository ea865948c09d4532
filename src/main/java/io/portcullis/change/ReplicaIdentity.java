package io.portcullis.change;

import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * This process among the replicas: a random id made at start-up, carried by the notifications it
 * sends, so that its own listener can tell them from other replicas' ones. Its own changes have
 * already been applied by the in-process event after commit.
 */
@Singleton
public class ReplicaIdentity {

    private final String id = UUID.randomUUID().toString();

    public String id() {
        return id;
    }
}
