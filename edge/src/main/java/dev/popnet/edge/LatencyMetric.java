package dev.popnet.edge;

import dev.popnet.core.stats.LatencyBuckets;
import dev.popnet.core.stats.LatencyRecorder;
import dev.popnet.core.stats.LatencySnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** One latency, recorded for /stats (percentiles) and /metrics (a histogram in seconds) at once. */
final class LatencyMetric {
    private final LatencyRecorder recorder = new LatencyRecorder();
    private final Timer timer;

    LatencyMetric(MeterRegistry registry, String name, String help) {
        this.timer = Timer.builder(name).description(help).serviceLevelObjectives(LatencyBuckets.HTTP).register(registry);
    }

    void recordNanos(long nanos) {
        recorder.recordNanos(nanos);
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    LatencySnapshot snapshot() {
        return recorder.snapshot();
    }
}
