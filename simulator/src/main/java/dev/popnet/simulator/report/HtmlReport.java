package dev.popnet.simulator.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A single self-contained HTML page: summary table, components' stats (live runs), then inline SVG charts. Opens offline. */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(RunResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset='utf-8'><title>popnet: ").append(SvgChart.escape(r.scenario()))
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                        + "padding:4px 8px;text-align:right}th{background:#eee}td.text{text-align:left}svg{margin:1em 1em 0 0}</style></head><body>");
        sb.append("<h1>").append(SvgChart.escape(r.scenario())).append("</h1><pre>").append(SvgChart.escape(TextTable.summary(r))).append("</pre>");
        sb.append(components(r)).append(hitRatioOverTime(r)).append(latencyCdf(r)).append(loadPerPop(r)).append(perPopComparison(r));
        return sb.append("</body></html>").toString();
    }

    /** The components' headline figures (or their errors), then each stats document whole, folded. */
    private static String components(RunResult r) {
        if (r.components().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<h2>").append(SvgChart.escape(TextTable.COMPONENTS_TITLE)).append("</h2><table><tr>");
        for (String h : ComponentRows.HEADER) {
            sb.append("<th>").append(SvgChart.escape(h)).append("</th>");
        }
        sb.append("</tr>");
        for (ComponentStats c : r.components()) {
            String[] cells = ComponentRows.display(c);
            sb.append("<tr>");
            for (int i = 0; i < cells.length; i++) {
                boolean text = i < 3 || i == cells.length - 1;
                sb.append(text ? "<td class='text'>" : "<td>").append(SvgChart.escape(cells[i])).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</table>");
        for (ComponentStats c : r.components()) {
            if (c.stats() != null) {
                sb.append("<details><summary>").append(SvgChart.escape(c.kind() + " " + c.name() + " " + c.url())).append("</summary><pre>")
                        .append(SvgChart.escape(c.stats().toPrettyString())).append("</pre></details>");
            }
        }
        return sb.toString();
    }

    private static String hitRatioOverTime(RunResult r) {
        List<double[]> req = new ArrayList<>();
        List<double[]> bytes = new ArrayList<>();
        for (SeriesPoint s : r.series()) {
            req.add(new double[] {s.timeSeconds(), s.hitRatio()});
            bytes.add(new double[] {s.timeSeconds(), s.byteHitRatio()});
        }
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("request hit ratio", req);
        series.put("byte hit ratio", bytes);
        return SvgChart.lines("Hit ratio over time (warm-up included)", "virtual time (s)", "ratio", series, false);
    }

    private static String latencyCdf(RunResult r) {
        List<double[]> pts = new ArrayList<>();
        for (double[] p : r.latencyCdf()) {
            pts.add(new double[] {p[0], p[1]});
        }
        return SvgChart.lines("Latency CDF", "latency (ms, log scale)", "share of requests", Map.of("all PoPs", pts), true);
    }

    private static String loadPerPop(RunResult r) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (SeriesPoint s : r.series()) {
            s.requestsPerPop().forEach((pop, n) -> series.computeIfAbsent(pop, k -> new ArrayList<>()).add(new double[] {s.timeSeconds(), n}));
        }
        String load = SvgChart.lines("Requests per PoP per slice", "virtual time (s)", "requests", series, false);
        Map<String, List<double[]>> edges = new LinkedHashMap<>();
        for (SeriesPoint s : r.series()) {
            s.edgesPerPop().forEach((pop, n) -> edges.computeIfAbsent(pop, k -> new ArrayList<>()).add(new double[] {s.timeSeconds(), n}));
        }
        return load + SvgChart.lines("Edges per PoP", "virtual time (s)", "edges", edges, false);
    }

    private static String perPopComparison(RunResult r) {
        List<String> pops = r.pops().stream().map(PopResult::pop).toList();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("request hit ratio", r.pops().stream().mapToDouble(PopResult::hitRatio).toArray());
        series.put("byte hit ratio", r.pops().stream().mapToDouble(PopResult::byteHitRatio).toArray());
        series.put("routing accuracy", r.pops().stream().mapToDouble(PopResult::routingAccuracy).toArray());
        return SvgChart.bars("Per PoP (policy " + r.policies() + ")", "ratio", pops, series);
    }
}
