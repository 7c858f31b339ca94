package dev.popnet.simulator.engine;

import dev.popnet.core.http.CacheStatus;

/** Where a run counts: each PoP's and each content class's metrics after warm-up; warm-up requests nowhere reported. */
final class Metrics {
    private final PopMetrics discard = new PopMetrics();
    final PopMetrics[] classes;
    /** Measured client requests from each region to each PoP. */
    final long[][] flows;

    Metrics(int contentClasses, int regions, int pops) {
        flows = new long[regions][pops];
        classes = new PopMetrics[contentClasses];
        for (int i = 0; i < contentClasses; i++) {
            classes[i] = new PopMetrics();
        }
    }

    PopMetrics pop(PopNode pop, boolean measured) {
        return measured ? pop.metrics : discard;
    }

    /** A class's metrics; with a single class these are the run's totals, so nothing is counted twice. */
    PopMetrics contentClass(int index, boolean measured) {
        return measured && classes.length > 1 ? classes[index] : discard;
    }

    /** A client was answered: by how (RFC 9211 status), how many bytes, after how long ({@code ms} < 0: not timed). */
    void served(PopMetrics m, CacheStatus status, boolean hit, boolean parentHit, long size, boolean nearest, double ms) {
        m.requests++;
        m.bytes += size;
        if (hit) {
            m.hits++;
            m.hitBytes += size;
        }
        switch (status) {
            case STALE -> m.stale++;
            case COLLAPSED -> m.collapsed++;
            case REVALIDATED -> m.revalidated++;
            case MISS, EXPIRED -> m.fetched++;
            case BYPASS -> m.bypassed++;
            default -> { }
        }
        if (parentHit) {
            m.parentHits++;
        }
        if (nearest) {
            m.nearest++;
        }
        if (ms >= 0) {
            m.latencyMicros.recordValue(Math.max(1, Math.min(3_600_000_000L, Math.round(ms * 1000))));
        }
    }

    /** A client got an error: 503 (an edge's queue was full), 504 (timed out), 502 (unreachable). */
    void failed(PopMetrics m, int status) {
        m.requests++;
        m.errors++;
        if (status == 503) {
            m.dropped++;
        }
    }
}
