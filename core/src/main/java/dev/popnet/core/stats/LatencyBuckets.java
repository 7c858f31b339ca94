package dev.popnet.core.stats;

import java.time.Duration;

/** Upper bounds of the latency histograms the servers export to Prometheus, one set per kind of work. */
public final class LatencyBuckets {
    private LatencyBuckets() {
    }

    /** HTTP requests and origin fetches: 0.5 ms to 10 s. */
    public static final Duration[] HTTP = millis(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);

    /** DNS answers, computed in microseconds: 25 µs to 100 ms. */
    public static final Duration[] DNS = millis(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 100);

    private static Duration[] millis(double... bounds) {
        Duration[] out = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            out[i] = Duration.ofNanos(Math.round(bounds[i] * 1_000_000));
        }
        return out;
    }
}
