package dev.popnet.simulator.engine;

import dev.popnet.simulator.report.SeriesPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Cuts the run into equal slices of requests sent and records, for each (warm-up included): hit ratios,
 * latency, errors, and per PoP the requests, edges and edge utilisation, with the origin's utilisation.
 */
final class SeriesRecorder {
    private final List<PopNode> pops;
    private final int buckets;
    private final Resource origin;
    private final List<SeriesPoint> points = new ArrayList<>();
    private final long[] popRequests;
    private final Utilisation[] popUtilisation;
    private final Utilisation originUtilisation = new Utilisation();
    private final Histogram latencyMicros = new Histogram(3_600_000_000L, 2);
    private long perBucket;
    /** Requests still to be sent before the slice closes: a countdown, as a division per request would cost more. */
    private long untilClose;
    private long requests;
    private long hits;
    private long bytes;
    private long hitBytes;
    private long errors;

    SeriesRecorder(List<PopNode> pops, int buckets, Resource origin) {
        this.pops = pops;
        this.buckets = buckets;
        this.origin = origin;
        this.popRequests = new long[pops.size()];
        this.popUtilisation = new Utilisation[pops.size()];
        for (int i = 0; i < pops.size(); i++) {
            popUtilisation[i] = new Utilisation();
        }
    }

    void start(long totalRequests) {
        perBucket = Math.max(1, totalRequests / buckets);
        untilClose = perBucket;
    }

    /** A client request was answered by PoP {@code popIndex}, after {@code micros} ({@link Metrics#micros}). */
    void served(int popIndex, boolean hit, long size, long micros) {
        popRequests[popIndex]++;
        requests++;
        bytes += size;
        if (hit) {
            hits++;
            hitBytes += size;
        }
        latencyMicros.recordValue(micros);
    }

    /** A client request to PoP {@code popIndex} failed. */
    void failed(int popIndex) {
        popRequests[popIndex]++;
        requests++;
        errors++;
    }

    /** Called after each request is sent: closes the slice when it is full. */
    void record(long nowNanos) {
        if (--untilClose <= 0) {
            close(nowNanos);
        }
    }

    /** Closes the slice: a method of its own, so the per-request countdown above compiles small. */
    private void close(long nowNanos) {
        untilClose = perBucket;
        Map<String, Long> load = new LinkedHashMap<>();
        Map<String, Integer> edges = new LinkedHashMap<>();
        Map<String, Double> utilisation = new LinkedHashMap<>();
        for (PopNode p : pops) {
            load.put(p.spec.name(), popRequests[p.index]);
            edges.put(p.spec.name(), p.edgeCount());
            utilisation.put(p.spec.name(), popUtilisation[p.index].sample(p.workedBy(nowNanos), p.capacityNanos(nowNanos)));
        }
        double originBusy = originUtilisation.sample(origin.workedBy(nowNanos), (double) origin.servers() * nowNanos);
        boolean any = latencyMicros.getTotalCount() > 0;
        points.add(new SeriesPoint(nowNanos / 1e9, requests, ratio(hits, requests - errors), ratio(hitBytes, bytes), errors,
                any ? latencyMicros.getValueAtPercentile(50) / 1000.0 : 0, any ? latencyMicros.getValueAtPercentile(99) / 1000.0 : 0,
                originBusy, load, edges, utilisation));
        java.util.Arrays.fill(popRequests, 0);
        latencyMicros.reset();
        requests = hits = bytes = hitBytes = errors = 0;
    }

    List<SeriesPoint> points() {
        return List.copyOf(points);
    }

    static double ratio(long part, long whole) {
        return whole <= 0 ? 0 : (double) part / whole;
    }
}
