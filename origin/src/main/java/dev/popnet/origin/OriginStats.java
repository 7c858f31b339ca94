package dev.popnet.origin;

import dev.popnet.core.stats.LatencyBuckets;
import dev.popnet.core.stats.LatencyRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** Counters behind /stats and /metrics; updated from every event loop. */
final class OriginStats {
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder connectionsDropped = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Meters by kind and status, so the hot path is one map lookup rather than a registry lookup. */
    private final Map<String, Counter> responses = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    OriginStats() {
        FunctionCounter.builder("popnet.origin.requests", requests, LongAdder::sum).description("Requests received").register(registry);
        FunctionCounter.builder("popnet.origin.sent", bytesSent, LongAdder::sum).baseUnit("bytes")
                .description("Body bytes sent").register(registry);
        FunctionCounter.builder("popnet.origin.connections.dropped", connectionsDropped, LongAdder::sum)
                .description("Connections closed without an answer while down").register(registry);
    }

    void requestStarted() {
        requests.increment();
    }

    void responseEnded(String kind, int status, long bytes, long nanos) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        bytesSent.add(bytes);
        latency.recordNanos(nanos);
        responses.computeIfAbsent(kind + ' ' + status, k -> Counter.builder("popnet.origin.responses").tag("kind", kind)
                .tag("status", String.valueOf(status)).description("Responses by kind of content and status").register(registry))
                .increment();
        durations.computeIfAbsent(kind, k -> Timer.builder("popnet.origin.response.duration").tag("kind", kind)
                .description("Time from a request's arrival to its last byte sent, injected latency included")
                .serviceLevelObjectives(LatencyBuckets.HTTP).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void connectionDropped() {
        connectionsDropped.increment();
    }

    long requests() {
        return requests.sum();
    }

    MeterRegistry registry() {
        return registry;
    }

    String prometheus() {
        return registry.scrape();
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
