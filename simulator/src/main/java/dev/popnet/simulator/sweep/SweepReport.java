package dev.popnet.simulator.sweep;

import dev.popnet.simulator.report.Csv;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.SvgChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** A sweep as a table, a CSV and an HTML page of hit-ratio curves (one chart per alpha, one line per policy). */
public final class SweepReport {
    private SweepReport() {
    }

    public static String table(List<Sweep.Point> points) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s %14s %6s %8s %11s %8s %8s%n",
                "policy", "capacity/edge", "alpha", "hit %", "byte hit %", "p50 ms", "p99 ms"));
        for (Sweep.Point p : points) {
            sb.append(String.format(Locale.ROOT, "%-10s %14d %6.2f %8.2f %11.2f %8.1f %8.1f%n", p.policy(), p.capacity(), p.alpha(),
                    p.result().total().hitRatio() * 100, p.result().total().byteHitRatio() * 100, p.result().total().p50Ms(),
                    p.result().total().p99Ms()));
        }
        return sb.toString();
    }

    public static String csv(List<Sweep.Point> points) {
        Csv csv = new Csv("policy", "capacity", "alpha", "hit_ratio", "byte_hit_ratio", "origin_offload", "p50_ms", "p99_ms");
        for (Sweep.Point p : points) {
            PopResult t = p.result().total();
            csv.row(p.policy(), p.capacity(), Csv.fixed(p.alpha(), 3), Csv.fixed(t.hitRatio(), 6), Csv.fixed(t.byteHitRatio(), 6),
                    Csv.fixed(t.originOffload(), 6), Csv.fixed(t.p50Ms(), 3), Csv.fixed(t.p99Ms(), 3));
        }
        return csv.toString();
    }

    public static String html(String scenario, List<Sweep.Point> points) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset='utf-8'><title>popnet sweep: ")
                .append(SvgChart.escape(scenario)).append("</title></head><body style='font-family:sans-serif'><h1>Sweep of ")
                .append(SvgChart.escape(scenario)).append("</h1>");
        for (double alpha : new TreeSet<>(points.stream().map(Sweep.Point::alpha).toList())) {
            Map<String, List<double[]>> req = new LinkedHashMap<>();
            Map<String, List<double[]>> bytes = new LinkedHashMap<>();
            for (Sweep.Point p : points) {
                if (p.alpha() == alpha) {
                    double mib = p.capacity() / 1048576.0;
                    req.computeIfAbsent(p.policy(), k -> new ArrayList<>()).add(new double[] {mib, p.result().total().hitRatio()});
                    bytes.computeIfAbsent(p.policy(), k -> new ArrayList<>()).add(new double[] {mib, p.result().total().byteHitRatio()});
                }
            }
            String a = String.format(Locale.ROOT, "%.2f", alpha);
            sb.append(SvgChart.lines("Request hit ratio, alpha " + a, "capacity per edge (MiB, log scale)", "hit ratio", req, true));
            sb.append(SvgChart.lines("Byte hit ratio, alpha " + a, "capacity per edge (MiB, log scale)", "byte hit ratio", bytes, true));
        }
        sb.append("<pre>").append(SvgChart.escape(table(points))).append("</pre></body></html>");
        return sb.toString();
    }
}
