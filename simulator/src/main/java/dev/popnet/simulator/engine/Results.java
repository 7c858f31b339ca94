package dev.popnet.simulator.engine;

import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.report.SeriesPoint;
import dev.popnet.simulator.report.TimelineEvent;
import dev.popnet.simulator.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Turns the counters of a finished run into its {@link RunResult}. */
final class Results {
    private static final double[] CDF_PERCENTILES = cdfPercentiles();

    private Results() {
    }

    static RunResult of(String source, Scenario scenario, List<PopNode> pops, PopMetrics[] measured, long requests, double virtualSeconds,
            double wallSeconds, List<SeriesPoint> series, List<TimelineEvent> timeline) {
        PopMetrics all = new PopMetrics();
        List<PopResult> perPop = new ArrayList<>();
        for (PopNode p : pops) {
            all.add(p.metrics);
            perPop.add(result(p.spec.name(), p.metrics, p.edgeCount(), p.residentBytes()));
        }
        int edges = pops.stream().mapToInt(PopNode::edgeCount).sum();
        long resident = pops.stream().mapToLong(PopNode::residentBytes).sum();
        String policies = String.join(",", pops.stream().map(p -> p.spec.policy()).distinct().toList());
        String routing = scenario.routing().strategy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + (scenario.routing().strategy() == dev.popnet.core.routing.Strategy.ANYCAST ? "" : scenario.routing().ecs() ? " +ecs" : " no-ecs");
        return new RunResult(scenario.name(), source, scenario.seed(), policies, routing, requests, all.requests,
                virtualSeconds, wallSeconds, requests / Math.max(1e-9, wallSeconds), result("all", all, edges, resident), perPop,
                series, cdf(all.latencyMicros), timeline, List.of());
    }

    static PopResult result(String name, PopMetrics m, int edges, long residentBytes) {
        Histogram h = m.latencyMicros;
        return new PopResult(name, m.requests, SeriesRecorder.ratio(m.hits, m.requests), SeriesRecorder.ratio(m.hitBytes, m.bytes),
                m.bytes == 0 ? 0 : 1 - (double) m.originBytes / m.bytes, m.originFetches, m.originBytes, m.errors,
                ms(h, 50), ms(h, 95), ms(h, 99), SeriesRecorder.ratio(m.nearest, m.requests - m.errors), edges, residentBytes);
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
