package dev.popnet.dns;

import dev.popnet.core.stats.LatencyBuckets;
import dev.popnet.core.stats.LatencyRecorder;
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
    private final Map<String, LongAdder> byTypeAndRcode = new ConcurrentHashMap<>();
    private final Map<String, Timer> durationByType = new ConcurrentHashMap<>();
    final LongAdder dropped = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder tcp = new LongAdder();
    final LongAdder reloads = new LongAdder();
    final LongAdder reloadsRefused = new LongAdder();
    final LongAdder topologyUpdates = new LongAdder();
    final LongAdder topologyUpdatesRefused = new LongAdder();
    /** Answers copied from a kept response rather than built. */
    final LongAdder precomputed = new LongAdder();
    final LongAdder signed = new LongAdder();
    final LongAdder redirects = new LongAdder();
    final LatencyRecorder latency = new LatencyRecorder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Tallies by key, so the hot path is one map lookup rather than a registry lookup with tag sorting. */
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final MultiGauge popHealthy = MultiGauge.builder("popnet.dns.pop.healthy")
            .description("1 while the PoP passes its health checks (it is answered), else 0").register(registry);
    private volatile Supplier<Map<String, Boolean>> health = Map::of;

    DnsStats() {
        counter("popnet.dns.dropped", dropped, "Packets dropped: unreadable, or the answer could not be sent");
        counter("popnet.dns.truncated", truncated, "UDP answers sent truncated (TC) for the client to retry over TCP");
        counter("popnet.dns.tcp.connections", tcp, "TCP connections accepted");
        counter("popnet.dns.reloads", reloads, "Topology reloads applied");
        counter("popnet.dns.reloads.refused", reloadsRefused, "Reloads refused for a bad config file (the old topology stayed)");
        counter("popnet.dns.topology.updates", topologyUpdates, "Edge lists of a PoP replaced through the admin API");
        counter("popnet.dns.topology.updates.refused", topologyUpdatesRefused, "Admin edge-list updates refused (the old topology stayed)");
        counter("popnet.dns.precomputed.answers", precomputed, "Answers copied from a response kept for the client network");
        counter("popnet.dns.signed.answers", signed, "Answers carrying DNSSEC signatures");
        counter("popnet.dns.redirects", redirects, "HTTP 302 redirects sent by the front door");
    }

    private void counter(String name, LongAdder adder, String help) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
    }

    /** Where /metrics reads each PoP's health from (the health checker's view). */
    void health(Supplier<Map<String, Boolean>> view) {
        this.health = view;
    }

    /**
     * The counters one kind of answer moves, resolved once. Prometheus reads the same adders (function
     * counters), so each answer moves each count once.
     */
    final class Tally {
        private final LongAdder type;
        private final LongAdder rcode;
        private final LongAdder responses;
        private final LongAdder pop;
        private final Timer duration;

        private Tally(String type, String rcode, String pop) {
            this.type = byType.computeIfAbsent(type, k -> new LongAdder());
            this.rcode = byRcode.computeIfAbsent(rcode, k -> new LongAdder());
            this.responses = byTypeAndRcode.computeIfAbsent(type + ' ' + rcode, k -> {
                LongAdder a = new LongAdder();
                FunctionCounter.builder("popnet.dns.responses", a, LongAdder::sum).tag("type", type).tag("rcode", rcode)
                        .description("Responses sent, by query type and response code").register(registry);
                return a;
            });
            this.pop = pop == null ? null : byPop.computeIfAbsent(pop, k -> {
                LongAdder a = new LongAdder();
                FunctionCounter.builder("popnet.dns.answers", a, LongAdder::sum).tag("pop", pop)
                        .description("Answers that sent the client to this PoP").register(registry);
                return a;
            });
            this.duration = durationByType.computeIfAbsent(type, k -> Timer.builder("popnet.dns.response.duration").tag("type", type)
                    .description("Time from a query's arrival to its answer being sent, by query type")
                    .serviceLevelObjectives(LatencyBuckets.DNS).register(registry));
        }

        void count(long nanos) {
            type.increment();
            rcode.increment();
            responses.increment();
            if (pop != null) {
                pop.increment();
            }
            duration.record(nanos, TimeUnit.NANOSECONDS);
            latency.recordNanos(nanos);
        }
    }

    Tally tally(String type, String rcode, String pop) {
        return tallies.computeIfAbsent(type + ' ' + rcode + ' ' + pop, k -> new Tally(type, rcode, pop));
    }

    void query(String type, String rcode, String pop, long nanos) {
        tally(type, rcode, pop).count(nanos);
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
