package dev.popnet.dns;

import dev.popnet.core.stats.LatencyRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Query counters by type, rcode and PoP, answer latency; served as JSON and Prometheus text. */
final class DnsStats {
    final Map<String, LongAdder> byType = new ConcurrentHashMap<>();
    final Map<String, LongAdder> byRcode = new ConcurrentHashMap<>();
    final Map<String, LongAdder> byPop = new ConcurrentHashMap<>();
    final LongAdder dropped = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder tcp = new LongAdder();
    final LongAdder reloads = new LongAdder();
    final LatencyRecorder latency = new LatencyRecorder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    void query(String type, String rcode, String pop, long nanos) {
        byType.computeIfAbsent(type, k -> new LongAdder()).increment();
        byRcode.computeIfAbsent(rcode, k -> new LongAdder()).increment();
        Counter.builder("popnet_dns_responses").tag("type", type).tag("rcode", rcode).register(registry).increment();
        if (pop != null) {
            byPop.computeIfAbsent(pop, k -> new LongAdder()).increment();
            Counter.builder("popnet_dns_answers").tag("pop", pop).register(registry).increment();
        }
        latency.recordNanos(nanos);
    }

    String prometheus() {
        return registry.scrape();
    }

    static Map<String, Long> sums(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
