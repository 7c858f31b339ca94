package dev.popnet.core.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Percentiles of a latency distribution in milliseconds, as /stats endpoints and reports print them. */
public record LatencySnapshot(long count, double meanMs, double p50Ms, double p90Ms, double p95Ms, double p99Ms,
        double p999Ms, double maxMs) {

    public static final LatencySnapshot EMPTY = new LatencySnapshot(0, 0, 0, 0, 0, 0, 0, 0);

    /** Reads a histogram of microsecond values. */
    public static LatencySnapshot of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySnapshot(micros.getTotalCount(), micros.getMean() / 1000.0,
                ms(micros, 50), ms(micros, 90), ms(micros, 95), ms(micros, 99), ms(micros, 99.9),
                micros.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Keys as they appear in JSON: count, mean_ms, p50_ms, ... */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("mean_ms", round(meanMs));
        m.put("p50_ms", round(p50Ms));
        m.put("p90_ms", round(p90Ms));
        m.put("p95_ms", round(p95Ms));
        m.put("p99_ms", round(p99Ms));
        m.put("p999_ms", round(p999Ms));
        m.put("max_ms", round(maxMs));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
