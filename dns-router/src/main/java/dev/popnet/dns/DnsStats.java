package dev.popnet.dns;

import dev.popnet.core.stats.LatencyBuckets;
import dev.popnet.core.stats.LatencyRecorder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Query counters by type, rcode and PoP, answer latency per query type, PoP health; served as JSON and
 * Prometheus text. An answer moves few shared counters: one per kind of answer ({@link Tally}), whose
 * sums by type, rcode and PoP are made when read, and one latency bucket.
 */
final class DnsStats {
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
    private final Map<String, Durations> durationByType = new ConcurrentHashMap<>();
    private final Map<String, Boolean> registeredCounters = new ConcurrentHashMap<>();
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
        registry.getPrometheusRegistry().register(this::durations);
    }

    private void counter(String name, LongAdder adder, String help) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
    }

    /** Where /metrics reads each PoP's health from (the health checker's view). */
    void health(Supplier<Map<String, Boolean>> view) {
        this.health = view;
    }

    /** The counter of one kind of answer (type, rcode, PoP), resolved once; Prometheus and /stats read the same adders. */
    final class Tally {
        final String type;
        final String rcode;
        final String pop;
        private final LongAdder count = new LongAdder();
        private final Durations duration;

        private Tally(String type, String rcode, String pop) {
            this.type = type;
            this.rcode = rcode;
            this.pop = pop;
            this.duration = durationByType.computeIfAbsent(type, k -> new Durations());
        }

        void count(long nanos) {
            count.increment();
            duration.record(nanos);
            latency.recordNanos(nanos);
        }
    }

    /**
     * Answer latency of one query type in the buckets of {@link LatencyBuckets#DNS}: striped adders, so an
     * answer costs one bucket search and two adds (a Micrometer timer also reads the clock and tracks a
     * windowed maximum per record: a quarter to a third of a kept answer's time).
     */
    private static final class Durations {
        private static final long[] BOUNDS = Arrays.stream(LatencyBuckets.DNS).mapToLong(Duration::toNanos).toArray();
        private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
        private final LongAdder nanos = new LongAdder();

        Durations() {
            Arrays.setAll(buckets, i -> new LongAdder());
        }

        void record(long n) {
            int i = 0;
            while (i < BOUNDS.length && n > BOUNDS[i]) {
                i++;
            }
            buckets[i].increment();
            nanos.add(n);
        }
    }

    Tally tally(String type, String rcode, String pop) {
        Tally t = tallies.get(type + ' ' + rcode + ' ' + pop);
        if (t != null) {
            return t;
        }
        return tallies.computeIfAbsent(type + ' ' + rcode + ' ' + pop, k -> {
            Tally fresh = new Tally(type, rcode, pop);
            if (registeredCounters.putIfAbsent(type + ' ' + rcode, true) == null) {
                FunctionCounter.builder("popnet.dns.responses", this, s -> s.sum(x -> x.type.equals(type) && x.rcode.equals(rcode)))
                        .tag("type", type).tag("rcode", rcode).description("Responses sent, by query type and response code").register(registry);
            }
            if (pop != null && registeredCounters.putIfAbsent("pop " + pop, true) == null) {
                FunctionCounter.builder("popnet.dns.answers", this, s -> s.sum(x -> pop.equals(x.pop)))
                        .tag("pop", pop).description("Answers that sent the client to this PoP").register(registry);
            }
            return fresh;
        });
    }

    void query(String type, String rcode, String pop, long nanos) {
        tally(type, rcode, pop).count(nanos);
    }

    private double sum(Predicate<Tally> which) {
        return tallies.values().stream().filter(which).mapToLong(t -> t.count.sum()).sum();
    }

    /** Answers so far by query type, by rcode or by PoP (answers without a PoP are left out of the last). */
    Map<String, Long> byType() {
        return sums(t -> t.type);
    }

    Map<String, Long> byRcode() {
        return sums(t -> t.rcode);
    }

    Map<String, Long> byPop() {
        return sums(t -> t.pop);
    }

    private Map<String, Long> sums(Function<Tally, String> key) {
        Map<String, Long> out = new TreeMap<>();
        for (Tally t : tallies.values()) {
            String k = key.apply(t);
            if (k != null) {
                out.merge(k, t.count.sum(), Long::sum);
            }
        }
        return out;
    }

    /** The latency histograms as Prometheus reads them, from the adders the answers move. */
    private HistogramSnapshot durations() {
        double[] bounds = new double[Durations.BOUNDS.length + 1];
        for (int i = 0; i < Durations.BOUNDS.length; i++) {
            bounds[i] = Durations.BOUNDS[i] / 1e9;
        }
        bounds[Durations.BOUNDS.length] = Double.POSITIVE_INFINITY;
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name("popnet_dns_response_duration_seconds")
                .help("Time from a query's arrival to its answer being sent, by query type");
        new TreeMap<>(durationByType).forEach((type, d) -> {
            long[] counts = Arrays.stream(d.buckets).mapToLong(LongAdder::sum).toArray();
            b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(Labels.of("type", type))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(d.nanos.sum() / 1e9).build());
        });
        return b.build();
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
}
