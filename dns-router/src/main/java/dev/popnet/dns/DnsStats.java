package dev.popnet.dns;

import dev.popnet.core.stats.LatencyBuckets;
import dev.popnet.core.stats.LatencyRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Query counters by type, rcode and PoP, answer latency per query type, PoP health; served as JSON and Prometheus text. */
final class DnsStats {
    final Map<String, LongAdder> byType = new ConcurrentHashMap<>();
    final Map<String, LongAdder> byRcode = new ConcurrentHashMap<>();
    final Map<String, LongAdder> byPop = new ConcurrentHashMap<>();
    final LongAdder dropped = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder tcp = new LongAdder();
    final LongAdder reloads = new LongAdder();
    final LongAdder reloadsRefused = new LongAdder();
    final LatencyRecorder latency = new LatencyRecorder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Meters by key, so the hot path is one map lookup rather than a registry lookup with tag sorting. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final MultiGauge popHealthy = MultiGauge.builder("popnet.dns.pop.healthy")
            .description("1 while the PoP passes its health checks (it is answered), else 0").register(registry);
    private volatile Supplier<Map<String, Boolean>> health = Map::of;

    DnsStats() {
        counter("popnet.dns.dropped", dropped, "Packets dropped: unreadable, or the answer could not be sent");
        counter("popnet.dns.truncated", truncated, "UDP answers sent truncated (TC) for the client to retry over TCP");
        counter("popnet.dns.tcp.connections", tcp, "TCP connections accepted");
        counter("popnet.dns.reloads", reloads, "Topology reloads applied");
        counter("popnet.dns.reloads.refused", reloadsRefused, "Reloads refused for a bad config file (the old topology stayed)");
    }

    private void counter(String name, LongAdder adder, String help) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
    }

    /** Where /metrics reads each PoP's health from (the health checker's view). */
    void health(Supplier<Map<String, Boolean>> view) {
        this.health = view;
    }

    void query(String type, String rcode, String pop, long nanos) {
        byType.computeIfAbsent(type, k -> new LongAdder()).increment();
        byRcode.computeIfAbsent(rcode, k -> new LongAdder()).increment();
        counters.computeIfAbsent(type + ' ' + rcode, k -> Counter.builder("popnet.dns.responses").tag("type", type).tag("rcode", rcode)
                .description("Responses sent, by query type and response code").register(registry)).increment();
        if (pop != null) {
            byPop.computeIfAbsent(pop, k -> new LongAdder()).increment();
            counters.computeIfAbsent("pop " + pop, k -> Counter.builder("popnet.dns.answers").tag("pop", pop)
                    .description("Answers that sent the client to this PoP").register(registry)).increment();
        }
        timers.computeIfAbsent(type, k -> Timer.builder("popnet.dns.response.duration").tag("type", type)
                .description("Time from a query's arrival to its answer being sent, by query type")
                .serviceLevelObjectives(LatencyBuckets.DNS).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        latency.recordNanos(nanos);
    }

    /** Where /metrics comes from; the command line adds JVM, process and build metrics to it. */
    MeterRegistry registry() {
        return registry;
    }

    String prometheus() {
        popHealthy.register(health.get().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("pop", e.getKey()), e.getValue() ? 1 : 0)).toList(), true);
        return registry.scrape();
    }

    static Map<String, Long> sums(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
