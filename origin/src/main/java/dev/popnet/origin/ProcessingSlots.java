package dev.popnet.origin;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * A backend's workers, for {@link FaultSettings#concurrency()}: at most that many content requests are
 * being worked on at once, and the others wait for a free one in the order they came, as they queue for
 * a busy application server (the simulator's origin has the same slots). A slot is handed on at the
 * moment its holder's work was due to end, not when its timer fired, so timer lateness is not added
 * again for every request in a queue. A waiting request resumes on its own Vert.x context. A new limit
 * applies from the next request that asks for a slot.
 */
final class ProcessingSlots {
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int busy;

    private record Waiting(Context context, LongConsumer work) {
    }

    /**
     * Gives {@code work} a slot, now if fewer than {@code limit} are taken, else once one is handed on;
     * it is told when its work starts ({@link System#nanoTime()} time) and ends with {@link #release}.
     */
    void acquire(int limit, Context context, LongConsumer work) {
        synchronized (this) {
            if (busy >= limit) {
                waiting.add(new Waiting(context, work));
                return;
            }
            busy++;
        }
        work.accept(System.nanoTime());
    }

    /** Hands a slot, free from {@code freeAtNanos}, to the request that has waited longest, if one has. */
    void release(long freeAtNanos) {
        Waiting next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                busy--;
                return;
            }
        }
        next.context().runOnContext(v -> next.work().accept(freeAtNanos));
    }
}
