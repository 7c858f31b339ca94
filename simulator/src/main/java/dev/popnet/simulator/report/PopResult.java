package dev.popnet.simulator.report;

/**
 * What one PoP, one content class or "all" served after warm-up.
 *
 * @param hitRatio         share of answered requests served from the cache (fresh, stale or collapsed onto another's fetch)
 * @param originOffload    share of bytes served without fetching them from the origin
 * @param originFetches    requests sent to the origin (full, conditional and background revalidations)
 * @param originBytes      body bytes the origin sent (a 304 sends none)
 * @param revalidationsUnchanged conditional requests the origin answered 304 Not Modified
 * @param revalidationsChanged conditional requests the origin answered with a new version
 * @param stale            answered stale (stale-while-revalidate, stale-if-error)
 * @param coalesced        waited for another request's fetch of the same object and were served from it
 * @param revalidated      answered after a 304 from the next hop
 * @param bypassed         not storable (no-store, private): passed through
 * @param parentHits       misses the parent PoP answered from its cache
 * @param fillRequests     as a shield: fills child PoPs asked of it
 * @param fillHits         as a shield: fills it answered from its cache
 * @param errors           failed requests: unreachable PoP or origin, refused (queue full), timed out
 * @param dropped          of the errors, refused by a full edge queue
 * @param timeouts         origin fetches that ran out of time
 * @param routingAccuracy  share of requests served by the client's nearest healthy PoP
 * @param utilisation      mean edge utilisation over the run (busy core time over available)
 * @param peakUtilisation  highest utilisation in a slice of the time series
 */
public record PopResult(String pop, long requests, double hitRatio, double byteHitRatio, double originOffload,
        long originFetches, long originBytes, long revalidationsUnchanged, long revalidationsChanged, long stale, long coalesced, long revalidated,
        long bypassed, long parentHits, long fillRequests, long fillHits, long errors, long dropped, long timeouts,
        double p50Ms, double p95Ms, double p99Ms, double routingAccuracy, int edges, long residentBytes, double utilisation,
        double peakUtilisation) {
}
