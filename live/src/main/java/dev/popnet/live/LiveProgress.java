package dev.popnet.live;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** A live run's progress on stderr, every few seconds: requests sent and answered, rate, lag behind the scenario's clock. */
final class LiveProgress {
    static final LiveProgress SILENT = new LiveProgress(null, 0, 0);
    private final PrintStream out;
    private final long total;
    private final long everyNanos;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long sent;
    private long started = -1;
    private long lastPrint;
    private long worstLagNanos;

    LiveProgress(PrintStream out, long total, long everyMillis) {
        this.out = out;
        this.total = total;
        this.everyNanos = everyMillis * 1_000_000;
    }

    /** A request left {@code lagNanos} later than the scenario said (0 when on time). Called by the run's thread. */
    void sent(long lagNanos, long inFlight) {
        long now = System.nanoTime();
        if (started < 0) {
            started = lastPrint = now;
        }
        sent++;
        worstLagNanos = Math.max(worstLagNanos, lagNanos);
        if (out != null && now - lastPrint >= everyNanos) {
            lastPrint = now;
            double seconds = (now - started) / 1e9;
            out.printf("live: %,d%s requests sent, %,d answered (%,.0f/s), %,d in flight, %,d failed, lagging %.1f s at worst%n",
                    sent, total > 0 ? String.format(" / %,d", total) : "", done.get(), done.get() / seconds, inFlight, failed.get(),
                    worstLagNanos / 1e9);
        }
    }

    /** A request was answered (or failed). Called from any thread. */
    void done(boolean fail) {
        done.incrementAndGet();
        if (fail) {
            failed.incrementAndGet();
        }
    }

    void note(String event) {
        if (out != null) {
            out.println("live: " + event);
        }
    }
}
