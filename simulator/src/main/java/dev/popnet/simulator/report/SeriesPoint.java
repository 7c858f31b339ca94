package dev.popnet.simulator.report;

import java.util.Map;

/**
 * One slice of the run: virtual time at its end; the requests answered within it, their hit ratios
 * (errors left out), errors, latency p50/p99; the origin's utilisation; per PoP the requests, edges and
 * edge utilisation (busy core time over available core time).
 */
public record SeriesPoint(double timeSeconds, long requests, double hitRatio, double byteHitRatio, long errors, double p50Ms, double p99Ms,
        double originUtilisation, Map<String, Long> requestsPerPop, Map<String, Integer> edgesPerPop, Map<String, Double> utilisationPerPop) {
}
