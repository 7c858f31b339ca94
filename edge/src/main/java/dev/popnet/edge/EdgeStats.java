package dev.popnet.edge;

import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.stats.LatencyRecorder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters behind /stats and /metrics, updated from every event loop. */
final class EdgeStats {
    private final Map<CacheStatus, LongAdder> byStatus = new EnumMap<>(CacheStatus.class);
    final LongAdder requests = new LongAdder();
    final LongAdder revalidations = new LongAdder();
    final LongAdder coalescedWaits = new LongAdder();
    final LongAdder originFetches = new LongAdder();
    /** Misses asked of the key's owner inside the PoP instead of the origin. */
    final LongAdder peerFetches = new LongAdder();
    final LongAdder originErrors = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder bytesOutFromCache = new LongAdder();
    final LongAdder purged = new LongAdder();
    /** Requests the edge answered itself with an error before any cache or upstream work (400, 404, 405, 501, only-if-cached 504). */
    final LongAdder rejected = new LongAdder();
    final LatencyRecorder clientLatency = new LatencyRecorder();
    final LatencyRecorder originLatency = new LatencyRecorder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ClientConnections connections;

    EdgeStats(EdgeStore store, ClientConnections connections) {
        this.connections = connections;
        for (CacheStatus s : CacheStatus.values()) {
            LongAdder a = new LongAdder();
            byStatus.put(s, a);
            FunctionCounter.builder("popnet_edge_responses", a, LongAdder::sum).tag("cache_status", s.name().toLowerCase(Locale.ROOT))
                    .description("responses by how they were produced").register(registry);
        }
        counter("popnet_edge_origin_fetches", originFetches, "requests sent to the origin");
        counter("popnet_edge_origin_errors", originErrors, "origin fetches that failed or timed out");
        counter("popnet_edge_revalidations", revalidations, "conditional requests to the origin");
        counter("popnet_edge_coalesced_waits", coalescedWaits, "requests that waited for another request's fetch");
        counter("popnet_edge_bytes_in", bytesIn, "body bytes received from the origin");
        counter("popnet_edge_bytes_out", bytesOut, "body bytes sent to clients");
        FunctionCounter.builder("popnet_edge_evictions", store, EdgeStore::evictions).register(registry);
        Gauge.builder("popnet_edge_store_bytes", store, EdgeStore::bytes).register(registry);
        Gauge.builder("popnet_edge_store_objects", store, EdgeStore::count).register(registry);
    }

    private void counter(String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }

    void served(CacheStatus status, long bytes, long nanos) {
        byStatus.get(status).increment();
        bytesOut.add(bytes);
        if (status.fromCache()) {
            bytesOutFromCache.add(bytes);
        }
        clientLatency.recordNanos(nanos);
    }

    long count(CacheStatus s) {
        return byStatus.get(s).sum();
    }

    String prometheus() {
        return registry.scrape();
    }

    Map<String, Object> toMap(EdgeStore store, String node) {
        long served = byStatus.values().stream().mapToLong(LongAdder::sum).sum();
        long fromCache = byStatus.entrySet().stream().filter(e -> e.getKey().fromCache()).mapToLong(e -> e.getValue().sum()).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("requests", requests.sum());
        m.put("hits", count(CacheStatus.HIT));
        m.put("misses", count(CacheStatus.MISS) + count(CacheStatus.EXPIRED));
        m.put("stale_served", count(CacheStatus.STALE));
        m.put("revalidated", count(CacheStatus.REVALIDATED));
        m.put("revalidations", revalidations.sum());
        m.put("coalesced_waits", coalescedWaits.sum());
        m.put("bypassed", count(CacheStatus.BYPASS));
        m.put("collapsed", count(CacheStatus.COLLAPSED));
        m.put("rejected", rejected.sum());
        m.put("evictions", store.evictions());
        m.put("purged", purged.sum());
        m.put("origin_fetches", originFetches.sum());
        m.put("pop_peer_fetches", peerFetches.sum());
        m.put("origin_errors", originErrors.sum());
        m.put("bytes_in", bytesIn.sum());
        m.put("bytes_out", bytesOut.sum());
        m.put("hit_ratio", served == 0 ? 0.0 : (double) fromCache / served);
        m.put("byte_hit_ratio", bytesOut.sum() == 0 ? 0.0 : (double) bytesOutFromCache.sum() / bytesOut.sum());
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("policy", store.policyName());
        cache.put("objects", store.count());
        cache.put("bytes", store.bytes());
        cache.put("capacity", store.capacity());
        m.put("cache", cache);
        Map<String, Object> clients = new LinkedHashMap<>();
        clients.put("open", connections.open());
        clients.put("refused", connections.refused());
        clients.put("head_timeouts", connections.headTimeouts());
        m.put("client_connections", clients);
        m.put("client_latency", clientLatency.snapshot().toMap());
        m.put("origin_latency", originLatency.snapshot().toMap());
        return m;
    }
}
