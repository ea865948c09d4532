package io.portcullis.config;

import io.quarkus.runtime.BlockingOperationControl;

/**
 * Guards the calls that wait for PostgreSQL or the network. The token endpoint decides once, before
 * it runs a request, whether the request can be served from memory on the event loop
 * ({@code token/TokenResource}); a blocking call reached on an event loop anyway is a flaw of that
 * decision, and fails loudly instead of stalling every request the loop serves.
 */
public final class Blocking {

    private Blocking() {}

    /** @throws IllegalStateException on an event loop, which must not wait for {@code what} */
    public static void required(String what) {
        if (!BlockingOperationControl.isBlockingAllowed()) {
            throw new IllegalStateException(what + " blocks, and this thread is an event loop: the request should have been "
                    + "dispatched to a worker thread when it was decided where it runs");
        }
    }
}
