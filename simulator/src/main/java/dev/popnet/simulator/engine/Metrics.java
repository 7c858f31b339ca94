package dev.popnet.simulator.engine;

import dev.popnet.core.http.CacheStatus;
import java.util.Arrays;
import java.util.List;

/**
 * Where a run counts: each PoP's and each content class's metrics after warm-up; warm-up requests nowhere
 * reported. Whether a request is measured is an int, 0 or 1, that picks the metrics by index rather
 * than by a branch: a branch that warm-up never takes is compiled out, and taking it when measuring
 * starts throws the compiled simulation away to be compiled again.
 */
final class Metrics {
    final PopMetrics[] classes;
    /** Measured client requests from each region to each PoP. */
    final long[][] flows;
    /** [measured][pop index]: where a PoP's requests count. */
    private final PopMetrics[][] pops;
    /** [measured][class index]: where a class's requests count. */
    private final PopMetrics[][] byClass;

    Metrics(int contentClasses, int regions, List<PopNode> pops) {
        PopMetrics discard = new PopMetrics();
        flows = new long[regions][pops.size()];
        classes = new PopMetrics[contentClasses];
        for (int i = 0; i < contentClasses; i++) {
            classes[i] = new PopMetrics();
        }
        PopMetrics[] none = new PopMetrics[Math.max(pops.size(), contentClasses)];
        Arrays.fill(none, discard);
        this.pops = new PopMetrics[][] {none, pops.stream().map(p -> p.metrics).toArray(PopMetrics[]::new)};
        // with a single class the run's totals are its metrics, so nothing is counted twice
        this.byClass = new PopMetrics[][] {none, contentClasses > 1 ? classes : none};
    }

    /** 1 for requests at or after the first measured one, else 0; without a branch. */
    static int measured(long index, long firstMeasured) {
        return (int) ((firstMeasured - 1 - index) >>> 63);
    }

    PopMetrics pop(PopNode pop, int measured) {
        return pops[measured][pop.index];
    }

    PopMetrics contentClass(int index, int measured) {
        return byClass[measured][index];
    }

    /** 1 when {@code a == b}, else 0; without a branch. */
    static int same(int a, int b) {
        int d = a ^ b;
        return 1 - ((d | -d) >>> 31);
    }

    /**
     * A client was answered: by how (RFC 9211 status), how many bytes, after how long ({@code micros} from
     * {@link #micros}, < 0: not timed); {@code nearest} is 1 when the PoP was the nearest one up, else 0 (counted without a branch:
     * it is 1 for every request until an outage, whose first request would otherwise recompile the run).
     */
    void served(PopMetrics m, CacheStatus status, boolean hit, boolean parentHit, long size, int nearest, long micros) {
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
        m.nearest += nearest;
        if (micros >= 0) {
            m.latencyMicros.recordValue(micros);
        }
    }

    /** A latency in ms as the histograms record it: whole microseconds, 1 µs to an hour; worked out once for all of them. */
    static long micros(double ms) {
        return Math.max(1, Math.min(3_600_000_000L, Math.round(ms * 1000)));
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
