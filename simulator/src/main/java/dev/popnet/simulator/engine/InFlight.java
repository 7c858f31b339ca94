package dev.popnet.simulator.engine;

import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A live run's requests that are out at the real servers. Outcomes arrive on the backend's threads;
 * they are queued and counted on the run's own thread, so the run's metrics need no locks.
 */
final class InFlight {
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private final Queue<Runnable> done = new ConcurrentLinkedQueue<>();
    private final AtomicLong pending = new AtomicLong();

    void start(CompletionStage<Backend.Outcome> fetch, Consumer<Backend.Outcome> count) {
        pending.incrementAndGet();
        fetch.whenComplete((outcome, failure) -> {
            Backend.Outcome o = failure != null || outcome == null ? Backend.Outcome.FAILED : outcome;
            done.add(() -> count.accept(o));
            pending.decrementAndGet();
        });
    }

    /** Counts the outcomes that have arrived. */
    void drain() {
        Runnable r;
        while ((r = done.poll()) != null) {
            r.run();
        }
    }

    /** Waits for every request still out, then counts them; a minute without progress is an error. */
    void awaitAll() {
        long last = pending.get();
        long since = System.nanoTime();
        while (pending.get() > 0) {
            drain();
            long now = pending.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > STALL_NANOS) {
                throw new IllegalStateException(new TimeoutException(now + " live requests got no answer within a minute"));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for live requests", e);
            }
        }
        drain();
    }
}
