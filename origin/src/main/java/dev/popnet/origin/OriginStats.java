package dev.popnet.origin;

import dev.popnet.core.stats.LatencyRecorder;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters behind /stats; updated from every event loop. */
final class OriginStats {
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder connectionsDropped = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final LatencyRecorder latency = new LatencyRecorder();

    void requestStarted() {
        requests.increment();
    }

    void responseEnded(String kind, int status, long bytes, long nanos) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        bytesSent.add(bytes);
        latency.recordNanos(nanos);
    }

    void connectionDropped() {
        connectionsDropped.increment();
    }

    long requests() {
        return requests.sum();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("requests", requests.sum());
        m.put("bytes_sent", bytesSent.sum());
        m.put("connections_dropped", connectionsDropped.sum());
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((k, v) -> statuses.put(String.valueOf(k), v.sum()));
        m.put("status", statuses);
        Map<String, Long> kinds = new TreeMap<>();
        byKind.forEach((k, v) -> kinds.put(k, v.sum()));
        m.put("kind", kinds);
        m.put("latency", latency.snapshot().toMap());
        return m;
    }
}
