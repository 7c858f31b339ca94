package dev.popnet.simulator.report;

import java.util.List;

/**
 * Everything a run produced; the same record whether it came from the simulator or a live run, so
 * one set of report writers serves both.
 *
 * @param latencyCdf    pairs of (latency ms, cumulative share), ascending
 * @param requestsPerSecond simulated requests per wall-clock second
 */
public record RunResult(String scenario, String source, long seed, String policies, String routing, long requests,
        long measuredRequests, double virtualSeconds, double wallSeconds, double requestsPerSecond, PopResult total,
        List<PopResult> pops, List<SeriesPoint> series, List<double[]> latencyCdf, List<TimelineEvent> timeline) {
}
