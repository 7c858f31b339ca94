package dev.popnet.edge;

import dev.popnet.core.http.CacheStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Counters behind /stats and /metrics, updated from every event loop. Every proxied request ends in
 * exactly one outcome ({@link #served}, or {@link #rejected} before any cache work), so {@code requests}
 * is the sum of the outcome counts once nothing is in flight.
 */
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
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final LatencyMetric clientLatency = new LatencyMetric(registry, "popnet.edge.client.latency",
            "Time from a proxied request's arrival to its last byte sent");
    final LatencyMetric originLatency = new LatencyMetric(registry, "popnet.edge.origin.fetch",
            "Time an upstream fetch (origin, parent PoP or owner node) took until its response head");

    private final ClientConnections connections;
    /** The event loops' network transport: "epoll" (Netty's native one) or "nio". */
    private final String transport;

    EdgeStats(EdgeStore store, ClientConnections connections, String transport) {
        this.connections = connections;
        this.transport = transport;
        for (CacheStatus s : CacheStatus.values()) {
            LongAdder a = new LongAdder();
            byStatus.put(s, a);
            FunctionCounter.builder("popnet.edge.responses", a, LongAdder::sum).tag("cache_status", s.name().toLowerCase(Locale.ROOT))
                    .description("Proxied responses by how they were produced (Cache-Status)").register(registry);
        }
        counter("popnet.edge.requests", requests, null, "Proxied requests received (not /stats, /metrics, /health, /purge)");
        counter("popnet.edge.origin.fetches", originFetches, null, "Requests sent upstream (origin or parent PoP)");
        counter("popnet.edge.pop.peer.fetches", peerFetches, null, "Misses asked of the key's owner inside the PoP");
        counter("popnet.edge.origin.errors", originErrors, null, "Upstream fetches that failed, timed out or answered 5xx");
        counter("popnet.edge.revalidations", revalidations, null, "Conditional requests sent upstream");
        counter("popnet.edge.coalesced.waits", coalescedWaits, null, "Requests that waited for another request's fetch of the same key");
        counter("popnet.edge.rejected", rejected, null, "Requests answered with an error by the edge itself, before any cache or upstream work");
        counter("popnet.edge.purged.objects", purged, null, "Objects removed by purges and invalidations");
        counter("popnet.edge.origin.received", bytesIn, "bytes", "Body bytes received from upstream");
        counter("popnet.edge.client.sent", bytesOut, "bytes", "Body bytes sent to clients");
        counter("popnet.edge.client.sent.from.cache", bytesOutFromCache, "bytes", "Body bytes sent to clients from the store");
        FunctionCounter.builder("popnet.edge.evictions", store, EdgeStore::evictions).description("Objects evicted to make room")
                .register(registry);
        gauge("popnet.edge.store", store, EdgeStore::bytes, "bytes", "Bytes the store holds (bodies and headers)");
        gauge("popnet.edge.store.capacity", store, EdgeStore::capacity, "bytes", "Bytes the store may hold");
        gauge("popnet.edge.store.objects", store, EdgeStore::count, null, "Objects the store holds");
        gauge("popnet.edge.store.off.heap", store, EdgeStore::offHeapBytes, "bytes", "Direct memory the stored bodies hold, and sends of evicted ones");
        gauge("popnet.edge.client.connections", connections, ClientConnections::open, null, "Client connections open now");
        FunctionCounter.builder("popnet.edge.client.connections.refused", connections, ClientConnections::refused)
                .description("Client connections closed at once because max-connections were open").register(registry);
        FunctionCounter.builder("popnet.edge.client.head.timeouts", connections, ClientConnections::headTimeouts)
                .description("Client connections closed for sending no complete request head within header-timeout").register(registry);
    }

    private void counter(String name, LongAdder adder, String unit, String help) {
        FunctionCounter.builder(name, adder, LongAdder::sum).baseUnit(unit).description(help).register(registry);
    }

    private <T> void gauge(String name, T source, ToDoubleFunction<T> value, String unit, String help) {
        Gauge.builder(name, source, value).baseUnit(unit).description(help).register(registry);
    }

    void served(CacheStatus status, long bytes, long nanos) {
        byStatus.get(status).increment();
        bytesOut.add(bytes);
        if (status.fromCache()) {
            bytesOutFromCache.add(bytes);
        }
        clientLatency.recordNanos(nanos);
    }

    /** An upstream fetch made for {@code request} took this long until its response head. */
    void upstreamFetched(ClientRequest request, long nanos) {
        originLatency.recordNanos(nanos);
        request.upstream().add(nanos);
    }

    long count(CacheStatus s) {
        return byStatus.get(s).sum();
    }

    /** Where /metrics comes from; the command line adds JVM, process and build metrics to it. */
    MeterRegistry registry() {
        return registry;
    }

    String prometheus() {
        return registry.scrape();
    }

    Map<String, Object> toMap(EdgeStore store, String node) {
        long served = byStatus.values().stream().mapToLong(LongAdder::sum).sum();
        long fromCache = byStatus.entrySet().stream().filter(e -> e.getKey().fromCache()).mapToLong(e -> e.getValue().sum()).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("transport", transport);
        m.put("requests", requests.sum());
        m.put("hits", count(CacheStatus.HIT));
        m.put("misses", count(CacheStatus.MISS) + count(CacheStatus.EXPIRED));
        m.put("stale_served", count(CacheStatus.STALE));
        m.put("revalidated", count(CacheStatus.REVALIDATED));
        m.put("collapsed", count(CacheStatus.COLLAPSED));
        m.put("bypassed", count(CacheStatus.BYPASS));
        m.put("rejected", rejected.sum());
        m.put("revalidations", revalidations.sum());
        m.put("coalesced_waits", coalescedWaits.sum());
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
        cache.put("off_heap_bytes", store.offHeapBytes());
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
