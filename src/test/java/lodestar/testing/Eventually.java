package lodestar.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something a background thread does (a reconnect, a retry), failing after a generous deadline. */
public final class Eventually {
    private Eventually() {}

    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(10); // polling a background thread's progress; nothing to inject here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting until " + what);
            }
        }
    }
}
