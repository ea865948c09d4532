package io.portcullis.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread does; fails with a message if it does not happen in a generous time. */
public final class Eventually {

    private Eventually() {}

    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("did not happen: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
