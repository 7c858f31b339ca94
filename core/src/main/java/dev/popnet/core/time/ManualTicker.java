package dev.popnet.core.time;

import java.time.Duration;

/** A clock that moves only when told to: virtual time for the simulator, controlled time for tests. */
public final class ManualTicker implements Ticker {
    private volatile long nanos;

    public ManualTicker(long startNanos) {
        this.nanos = startNanos;
    }

    /** Starts at 2026-01-01T00:00:00Z so HTTP dates look real. */
    public ManualTicker() {
        this(1_767_225_600_000_000_000L);
    }

    @Override
    public long nanos() {
        return nanos;
    }

    public void setNanos(long nanos) {
        this.nanos = nanos;
    }

    public void advance(Duration d) {
        nanos += d.toNanos();
    }

    public void advanceNanos(long delta) {
        nanos += delta;
    }
}
