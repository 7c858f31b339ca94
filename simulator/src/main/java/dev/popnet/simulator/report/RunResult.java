package dev.popnet.simulator.report;

import java.util.List;
import java.util.Map;

/**
 * Everything a run produced; the same record whether it came from the simulator or a live run, so
 * one set of report writers serves both.
 *
 * @param latencyCdf        pairs of (latency ms, cumulative share), ascending
 * @param latencyCdfPerPop  the same per PoP
 * @param requestsPerSecond simulated requests per wall-clock second
 * @param classes           per content class (the "pop" field names the class)
 * @param originUtilisation mean share of the origin's connection slots in use
 * @param places            where each PoP, client region and the origin is, and client traffic between them
 * @param components        every component's stats endpoint at the end of a live run; empty for simulations
 */
public record RunResult(String scenario, String source, long seed, String policies, String routing, long requests,
        long measuredRequests, double virtualSeconds, double wallSeconds, double requestsPerSecond, PopResult total,
        List<PopResult> pops, List<PopResult> classes, double originUtilisation, List<SeriesPoint> series, List<double[]> latencyCdf,
        Map<String, List<double[]>> latencyCdfPerPop, List<TimelineEvent> timeline, Places places, List<ComponentStats> components) {

    public RunResult {
        components = List.copyOf(components);
    }

    /** This result with {@code components} in place of its own. */
    public RunResult withComponents(List<ComponentStats> components) {
        return new RunResult(scenario, source, seed, policies, routing, requests, measuredRequests, virtualSeconds, wallSeconds,
                requestsPerSecond, total, pops, classes, originUtilisation, series, latencyCdf, latencyCdfPerPop, timeline, places, components);
    }
}
