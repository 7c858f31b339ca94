package dev.popnet.simulator.report;

import java.util.Map;

/** One slice of the run: virtual time at its end, hit ratios within it, requests per PoP, edges per PoP. */
public record SeriesPoint(double timeSeconds, long requests, double hitRatio, double byteHitRatio,
        Map<String, Long> requestsPerPop, Map<String, Integer> edgesPerPop) {
}
