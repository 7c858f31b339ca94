package dev.popnet.simulator.report;

import java.util.List;

/**
 * Everything a run produced; the same record whether it came from the simulator or a live run, so
 * one set of report writers serves both.
 *
 * @param latencyCdf    pairs of (latency ms, cumulative share), ascending
 * @param requestsPerSecond simulated requests per wall-clock second
 * @param components    every component's stats endpoint at the end of a live run; empty for simulations
 */
public record RunResult(String scenario, String source, long seed, String policies, String routing, long requests,
        long measuredRequests, double virtualSeconds, double wallSeconds, double requestsPerSecond, PopResult total,
        List<PopResult> pops, List<SeriesPoint> series, List<double[]> latencyCdf, List<TimelineEvent> timeline,
        List<ComponentStats> components) {

    public RunResult {
        components = List.copyOf(components);
    }

    /** This result with {@code components} in place of its own. */
    public RunResult withComponents(List<ComponentStats> components) {
        return new RunResult(scenario, source, seed, policies, routing, requests, measuredRequests, virtualSeconds, wallSeconds,
                requestsPerSecond, total, pops, series, latencyCdf, timeline, components);
    }
}
