package dev.popnet.simulator.engine;

import org.HdrHistogram.Histogram;

/** What one PoP (or the whole run) served, counted only after warm-up. */
final class PopMetrics {
    long requests;
    long hits;
    long bytes;
    long hitBytes;
    long parentHits;
    long originFetches;
    long originBytes;
    long errors;
    long nearest;
    final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);

    void add(PopMetrics o) {
        requests += o.requests;
        hits += o.hits;
        bytes += o.bytes;
        hitBytes += o.hitBytes;
        parentHits += o.parentHits;
        originFetches += o.originFetches;
        originBytes += o.originBytes;
        errors += o.errors;
        nearest += o.nearest;
        latencyMicros.add(o.latencyMicros);
    }
}
