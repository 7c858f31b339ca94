package dev.popnet.dns;

import dev.popnet.core.stats.LatencyRecorder;
import io.micrometer.core.instrument.FunctionCounter;
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
    private final Map<String, LongAdder> byTypeAndRcode = new ConcurrentHashMap<>();
    final LongAdder dropped = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder tcp = new LongAdder();
    final LongAdder reloads = new LongAdder();
    /** Answers copied from a kept response rather than built. */
    final LongAdder precomputed = new LongAdder();
    final LongAdder signed = new LongAdder();
    final LongAdder redirects = new LongAdder();
    final LatencyRecorder latency = new LatencyRecorder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Tallies by key, so the hot path is one map lookup rather than a registry lookup with tag sorting. */
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    DnsStats() {
        counter("popnet_dns_precomputed_answers", precomputed, "answers copied from a response kept for the client network");
        counter("popnet_dns_signed_answers", signed, "answers carrying DNSSEC signatures");
        counter("popnet_dns_redirects", redirects, "HTTP 302 redirects sent by the front door");
    }

    private void counter(String name, LongAdder adder, String help) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
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

        private Tally(String type, String rcode, String pop) {
            this.type = byType.computeIfAbsent(type, k -> new LongAdder());
            this.rcode = byRcode.computeIfAbsent(rcode, k -> new LongAdder());
            this.responses = byTypeAndRcode.computeIfAbsent(type + ' ' + rcode, k -> {
                LongAdder a = new LongAdder();
                FunctionCounter.builder("popnet_dns_responses", a, LongAdder::sum).tag("type", type).tag("rcode", rcode)
                        .description("responses by query type and rcode").register(registry);
                return a;
            });
            this.pop = pop == null ? null : byPop.computeIfAbsent(pop, k -> {
                LongAdder a = new LongAdder();
                FunctionCounter.builder("popnet_dns_answers", a, LongAdder::sum).tag("pop", pop)
                        .description("answers by the PoP they send clients to").register(registry);
                return a;
            });
        }

        void count(long nanos) {
            type.increment();
            rcode.increment();
            responses.increment();
            if (pop != null) {
                pop.increment();
            }
            latency.recordNanos(nanos);
        }
    }

    Tally tally(String type, String rcode, String pop) {
        return tallies.computeIfAbsent(type + ' ' + rcode + ' ' + pop, k -> new Tally(type, rcode, pop));
    }

    void query(String type, String rcode, String pop, long nanos) {
        tally(type, rcode, pop).count(nanos);
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
