package dev.popnet.simulator.report;

/**
 * What one PoP (or "all") served after warm-up.
 *
 * @param originOffload   share of bytes served without going to the origin
 * @param routingAccuracy share of requests served by the client's nearest healthy PoP
 */
public record PopResult(String pop, long requests, double hitRatio, double byteHitRatio, double originOffload,
        long originFetches, long originBytes, long errors, double p50Ms, double p95Ms, double p99Ms,
        double routingAccuracy, int edges, long residentBytes) {
}
