package dev.popnet.simulator.engine;

import dev.popnet.simulator.report.Places;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.report.SeriesPoint;
import dev.popnet.simulator.report.TimelineEvent;
import dev.popnet.simulator.scenario.RegionSpec;
import dev.popnet.simulator.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Turns the counters of a finished run into its {@link RunResult}. */
final class Results {
    private static final double[] CDF_PERCENTILES = cdfPercentiles();

    private Results() {
    }

    static RunResult of(String source, Scenario scenario, List<PopNode> pops, Metrics metrics, Resource origin, long requests,
            double virtualSeconds, double wallSeconds, List<SeriesPoint> series, List<TimelineEvent> timeline) {
        PopMetrics all = new PopMetrics();
        List<PopResult> perPop = new ArrayList<>();
        Map<String, List<double[]>> cdfPerPop = new LinkedHashMap<>();
        long busy = 0;
        double capacity = 0;
        long virtualNanos = Math.round(virtualSeconds * 1e9);
        for (PopNode p : pops) {
            all.add(p.metrics);
            String name = p.spec.name();
            double u = p.capacityNanos(virtualNanos) == 0 ? 0 : p.workedBy(virtualNanos) / p.capacityNanos(virtualNanos);
            busy += p.workedBy(virtualNanos);
            capacity += p.capacityNanos(virtualNanos);
            double peak = series.stream().mapToDouble(s -> s.utilisationPerPop().getOrDefault(name, 0.0)).max().orElse(0);
            perPop.add(result(name, p.metrics, p.edgeCount(), p.residentBytes(), u, peak));
            cdfPerPop.put(name, cdf(p.metrics.latencyMicros));
        }
        List<PopResult> perClass = new ArrayList<>();
        for (int c = 0; c < metrics.classes.length; c++) {
            PopMetrics m = metrics.classes.length == 1 ? all : metrics.classes[c];
            perClass.add(result(scenario.workload().classes().get(c).name(), m, 0, 0, 0, 0));
        }
        int edges = pops.stream().mapToInt(PopNode::edgeCount).sum();
        long resident = pops.stream().mapToLong(PopNode::residentBytes).sum();
        double peakAll = series.stream().mapToDouble(s -> s.utilisationPerPop().values().stream().mapToDouble(Double::doubleValue).max().orElse(0))
                .max().orElse(0);
        String policies = String.join(",", pops.stream().map(p -> p.spec.policy()).distinct().toList());
        String routing = scenario.routing().strategy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + (scenario.routing().strategy() == dev.popnet.core.routing.Strategy.ANYCAST ? "" : scenario.routing().ecs() ? " +ecs" : " no-ecs");
        double originUtilisation = virtualNanos == 0 ? 0 : origin.workedBy(virtualNanos) / ((double) origin.servers() * virtualNanos);
        return new RunResult(scenario.name(), source, scenario.seed(), policies, routing, requests, all.requests,
                virtualSeconds, wallSeconds, requests / Math.max(1e-9, wallSeconds),
                result("all", all, edges, resident, capacity == 0 ? 0 : busy / capacity, peakAll), perPop, perClass, originUtilisation,
                series, cdf(all.latencyMicros), cdfPerPop, timeline, places(scenario, metrics), List.of());
    }

    static PopResult result(String name, PopMetrics m, int edges, long residentBytes, double utilisation, double peak) {
        Histogram h = m.latencyMicros;
        long answered = m.requests - m.errors;
        return new PopResult(name, m.requests, SeriesRecorder.ratio(m.hits, answered), SeriesRecorder.ratio(m.hitBytes, m.bytes),
                m.bytes == 0 ? 0 : Math.max(0, 1 - (double) m.originBytes / m.bytes), m.originRequests, m.originBytes, m.origin304, m.origin200,
                m.stale, m.collapsed, m.revalidated, m.bypassed, m.parentHits, m.fillRequests, m.fillHits, m.errors, m.dropped, m.timeouts,
                ms(h, 50), ms(h, 95), ms(h, 99), SeriesRecorder.ratio(m.nearest, answered), edges, residentBytes, utilisation, peak);
    }

    private static Places places(Scenario s, Metrics metrics) {
        List<Places.Place> pops = s.pops().stream().map(p -> new Places.Place(p.name(), p.location().lat(), p.location().lon())).toList();
        List<Places.Place> regions = s.regions().stream().map(r -> new Places.Place(r.name(), r.location().lat(), r.location().lon())).toList();
        List<Places.Flow> flows = new ArrayList<>();
        for (int r = 0; r < s.regions().size(); r++) {
            RegionSpec region = s.regions().get(r);
            for (int p = 0; p < s.pops().size(); p++) {
                if (metrics.flows[r][p] > 0) {
                    flows.add(new Places.Flow(region.name(), s.pops().get(p).name(), metrics.flows[r][p]));
                }
            }
        }
        return new Places(pops, regions, new Places.Place("origin", s.origin().location().lat(), s.origin().location().lon()), flows);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static List<double[]> cdf(Histogram h) {
        List<double[]> points = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return points;
        }
        for (double p : CDF_PERCENTILES) {
            points.add(new double[] {h.getValueAtPercentile(p) / 1000.0, p / 100.0});
        }
        return points;
    }

    private static double[] cdfPercentiles() {
        List<Double> ps = new ArrayList<>();
        for (int p = 1; p <= 99; p++) {
            ps.add((double) p);
        }
        ps.add(99.5);
        ps.add(99.9);
        ps.add(100.0);
        return ps.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
