package dev.popnet.simulator.sweep;

import dev.popnet.simulator.report.Csv;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.SvgChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sweep as a table, a CSV and an HTML page of hit-ratio curves (one chart per alpha and combination of
 * the other swept axes, one line per policy). Axes past policy, capacity and alpha get a column each.
 * Nothing here depends on where or how fast the cells ran, so a grid reports the same bytes wherever it ran.
 */
public final class SweepReport {
    private SweepReport() {
    }

    public static String table(List<SweepGrid.Point> points) {
        List<String> extra = extraAxes(points);
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (String axis : extra) {
            int w = axis.length();
            for (SweepGrid.Point p : points) {
                w = Math.max(w, p.cell().values().get(axis).length());
            }
            widths.put(axis, w);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s %14s %6s", "policy", "capacity/edge", "alpha"));
        widths.forEach((axis, w) -> sb.append(String.format(Locale.ROOT, " %-" + w + "s", axis)));
        sb.append(String.format(Locale.ROOT, " %8s %11s %8s %8s%n", "hit %", "byte hit %", "p50 ms", "p99 ms"));
        for (SweepGrid.Point p : points) {
            sb.append(String.format(Locale.ROOT, "%-10s %14d %6.2f", p.policy(), p.capacity(), p.alpha()));
            widths.forEach((axis, w) -> sb.append(String.format(Locale.ROOT, " %-" + w + "s", p.cell().values().get(axis))));
            sb.append(String.format(Locale.ROOT, " %8.2f %11.2f %8.1f %8.1f%n", p.total().hitRatio() * 100, p.total().byteHitRatio() * 100,
                    p.total().p50Ms(), p.total().p99Ms()));
        }
        return sb.toString();
    }

    public static String csv(List<SweepGrid.Point> points) {
        List<String> extra = extraAxes(points);
        List<String> header = new ArrayList<>(List.of("policy", "capacity", "alpha"));
        header.addAll(extra);
        header.addAll(List.of("hit_ratio", "byte_hit_ratio", "origin_offload", "p50_ms", "p99_ms"));
        Csv csv = new Csv(header.toArray(String[]::new));
        for (SweepGrid.Point p : points) {
            PopResult t = p.total();
            List<Object> row = new ArrayList<>(List.of(p.policy(), p.capacity(), Csv.fixed(p.alpha(), 3)));
            extra.forEach(axis -> row.add(p.cell().values().get(axis)));
            row.addAll(List.of(Csv.fixed(t.hitRatio(), 6), Csv.fixed(t.byteHitRatio(), 6), Csv.fixed(t.originOffload(), 6),
                    Csv.fixed(t.p50Ms(), 3), Csv.fixed(t.p99Ms(), 3)));
            csv.row(row.toArray());
        }
        return csv.toString();
    }

    public static String html(String scenario, List<SweepGrid.Point> points) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset='utf-8'><title>popnet sweep: ")
                .append(SvgChart.escape(scenario)).append("</title></head><body style='font-family:sans-serif'><h1>Sweep of ")
                .append(SvgChart.escape(scenario)).append("</h1>");
        List<String> extra = extraAxes(points);
        Map<String, List<SweepGrid.Point>> charts = new LinkedHashMap<>();
        for (SweepGrid.Point p : points) {
            String title = String.format(Locale.ROOT, "alpha %.2f", p.alpha())
                    + extra.stream().map(a -> ", " + a + " " + p.cell().values().get(a)).collect(Collectors.joining());
            charts.computeIfAbsent(title, k -> new ArrayList<>()).add(p);
        }
        charts.forEach((title, chart) -> {
            Map<String, List<double[]>> req = new LinkedHashMap<>();
            Map<String, List<double[]>> bytes = new LinkedHashMap<>();
            for (SweepGrid.Point p : chart) {
                double mib = p.capacity() / 1048576.0;
                req.computeIfAbsent(p.policy(), k -> new ArrayList<>()).add(new double[] {mib, p.total().hitRatio()});
                bytes.computeIfAbsent(p.policy(), k -> new ArrayList<>()).add(new double[] {mib, p.total().byteHitRatio()});
            }
            sb.append(SvgChart.lines("Request hit ratio, " + title, "capacity per edge (MiB, log scale)", "hit ratio", req, true));
            sb.append(SvgChart.lines("Byte hit ratio, " + title, "capacity per edge (MiB, log scale)", "byte hit ratio", bytes, true));
        });
        sb.append("<pre>").append(SvgChart.escape(table(points))).append("</pre></body></html>");
        return sb.toString();
    }

    /** The swept axes past policy, capacity and alpha, as the cells name them. */
    private static List<String> extraAxes(List<SweepGrid.Point> points) {
        if (points.isEmpty()) {
            return List.of();
        }
        return points.get(0).cell().values().keySet().stream().filter(a -> !SweepAxis.named(a).alwaysReported()).toList();
    }
}
