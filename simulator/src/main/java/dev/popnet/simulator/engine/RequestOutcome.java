package dev.popnet.simulator.engine;

import dev.popnet.core.http.CacheStatus;
import dev.popnet.simulator.workload.Request;

/**
 * How one client request of a given sequence was answered in a simulation, to hold against what a live
 * edge answered to the same sequence.
 *
 * @param index       its place in the sequence
 * @param status      how the answer was produced (RFC 9211): HIT, STALE, COLLAPSED, REVALIDATED (304
 *                    from upstream), EXPIRED (refreshed with a 200), MISS, BYPASS; null when it failed
 * @param errorStatus 502, 503 or 504 when it failed, else 0
 */
public record RequestOutcome(int index, Request request, String pop, String edge, CacheStatus status, int errorStatus, double latencyMs) {
}
