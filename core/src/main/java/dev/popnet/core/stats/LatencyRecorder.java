package dev.popnet.core.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Thread-safe latency recording for /stats endpoints and simulator reports. Values are microseconds
 * (1 µs to 1 hour, 3 significant digits); snapshots accumulate everything recorded so far.
 */
public final class LatencyRecorder {
    private static final long MAX_MICROS = 3_600_000_000L;
    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);

    public void recordMicros(long micros) {
        recorder.recordValue(Math.max(1, Math.min(MAX_MICROS, micros)));
    }

    public void recordNanos(long nanos) {
        recordMicros(nanos / 1_000);
    }

    public synchronized LatencySnapshot snapshot() {
        total.add(recorder.getIntervalHistogram());
        return LatencySnapshot.of(total);
    }
}
