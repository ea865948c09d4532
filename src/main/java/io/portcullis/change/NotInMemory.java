package io.portcullis.change;

import io.quarkus.runtime.BlockingOperationControl;

/**
 * What a request needs is not in memory, and the thread it runs on (an event loop) may not block
 * to load it from PostgreSQL: the request is to be run again on a worker thread.
 */
public final class NotInMemory extends RuntimeException {

    private static final NotInMemory INSTANCE = new NotInMemory();

    private NotInMemory() {
        super("not in memory; retry on a worker thread", null, false, false);
    }

    /** @throws NotInMemory when the current thread is an event loop, which must not wait for a database */
    public static void requireBlockingAllowed() {
        if (!BlockingOperationControl.isBlockingAllowed()) {
            throw INSTANCE;
        }
    }
}
