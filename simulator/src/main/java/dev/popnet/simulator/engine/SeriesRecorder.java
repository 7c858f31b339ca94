package dev.popnet.simulator.engine;

import dev.popnet.simulator.report.SeriesPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cuts the run into equal slices of requests and records hit ratios, load and edges per PoP in each (warm-up included). */
final class SeriesRecorder {
    private final List<PopNode> pops;
    private final int buckets;
    private final List<SeriesPoint> points = new ArrayList<>();
    private final long[] popRequests;
    private long perBucket;
    private long requests;
    private long hits;
    private long bytes;
    private long hitBytes;

    SeriesRecorder(List<PopNode> pops, int buckets) {
        this.pops = pops;
        this.buckets = buckets;
        this.popRequests = new long[pops.size()];
    }

    void start(long totalRequests) {
        perBucket = Math.max(1, totalRequests / buckets);
    }

    void count(int popIndex) {
        popRequests[popIndex]++;
        requests++;
    }

    void hit(boolean hit, long size) {
        bytes += size;
        if (hit) {
            hits++;
            hitBytes += size;
        }
    }

    /** Closes a slice after request {@code index} when it is full. */
    void record(long index, long nowNanos) {
        if ((index + 1) % perBucket != 0) {
            return;
        }
        Map<String, Long> load = new LinkedHashMap<>();
        Map<String, Integer> edges = new LinkedHashMap<>();
        for (PopNode p : pops) {
            load.put(p.spec.name(), popRequests[p.index]);
            edges.put(p.spec.name(), p.edgeCount());
        }
        points.add(new SeriesPoint(nowNanos / 1e9, requests, ratio(hits, requests), ratio(hitBytes, bytes), load, edges));
        java.util.Arrays.fill(popRequests, 0);
        requests = hits = bytes = hitBytes = 0;
    }

    List<SeriesPoint> points() {
        return List.copyOf(points);
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
