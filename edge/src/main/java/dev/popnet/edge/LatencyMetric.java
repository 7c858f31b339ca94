package dev.popnet.edge;

import dev.popnet.core.stats.LatencyBuckets;
import dev.popnet.core.stats.LatencyRecorder;
import dev.popnet.core.stats.LatencySnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** One latency, recorded for /stats (percentiles) and /metrics (a histogram in seconds) at once. */
final class LatencyMetric {
    private final LatencyRecorder recorder = new LatencyRecorder();
    private final Timer timer;
    private final LongConsumer also;

    LatencyMetric(MeterRegistry registry, String name, String help, LongConsumer also) {
        this.timer = Timer.builder(name).description(help).serviceLevelObjectives(LatencyBuckets.HTTP).register(registry);
        this.also = also;
    }

    void recordNanos(long nanos) {
        recorder.recordNanos(nanos);
        timer.record(nanos, TimeUnit.NANOSECONDS);
        also.accept(nanos);
    }

    LatencySnapshot snapshot() {
        return recorder.snapshot();
    }
}
