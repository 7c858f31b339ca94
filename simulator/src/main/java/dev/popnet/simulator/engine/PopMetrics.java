package dev.popnet.simulator.engine;

import org.HdrHistogram.Histogram;

/**
 * What one PoP (or the whole run) served, counted only after warm-up. Client-facing counts are by how
 * each response was produced (RFC 9211 statuses); upstream counts are what this PoP's edges sent on.
 */
final class PopMetrics {
    long requests;
    /** Served from the cache: fresh, stale or collapsed onto another request's fetch (as live edges count them). */
    long hits;
    long bytes;
    long hitBytes;
    long stale;
    long collapsed;
    /** Validated with the next hop (304) and served from the store. */
    long revalidated;
    /** Fetched in full from the next hop: misses, refreshed stale entries, dynamic pass-through. */
    long fetched;
    long bypassed;
    long parentHits;
    long errors;
    /** Refused by an edge whose queue was full (503). */
    long dropped;
    /** Fetches the origin did not answer within its timeout. */
    long timeouts;
    long nearest;
    /** Requests this PoP's edges sent to the origin (full, conditional and background), and their answers. */
    long originRequests;
    long origin304;
    long origin200;
    long originBytes;
    /** As a shield: fills asked of this PoP by child PoPs, and those it answered from its cache. */
    long fillRequests;
    long fillHits;
    final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);

    void add(PopMetrics o) {
        requests += o.requests;
        hits += o.hits;
        bytes += o.bytes;
        hitBytes += o.hitBytes;
        stale += o.stale;
        collapsed += o.collapsed;
        revalidated += o.revalidated;
        fetched += o.fetched;
        bypassed += o.bypassed;
        parentHits += o.parentHits;
        errors += o.errors;
        dropped += o.dropped;
        timeouts += o.timeouts;
        nearest += o.nearest;
        originRequests += o.originRequests;
        origin304 += o.origin304;
        origin200 += o.origin200;
        originBytes += o.originBytes;
        fillRequests += o.fillRequests;
        fillHits += o.fillHits;
        latencyMicros.add(o.latencyMicros);
    }
}
