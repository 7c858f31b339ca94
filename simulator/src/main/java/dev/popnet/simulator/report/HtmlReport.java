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
        sb.append(components(r)).append(overTime(r)).append(latencyCdf(r)).append(perPopComparison(r)).append(map(r));
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

    /** The run's events as markers for time charts. */
    private static List<SvgChart.Marker> markers(RunResult r) {
        return r.timeline().stream().map(e -> new SvgChart.Marker(e.timeSeconds(), e.kind(), e.what())).toList();
    }

    private static String overTime(RunResult r) {
        List<SvgChart.Marker> marks = markers(r);
        Map<String, List<double[]>> hit = new LinkedHashMap<>();
        Map<String, List<double[]>> latency = new LinkedHashMap<>();
        Map<String, List<double[]>> errors = new LinkedHashMap<>();
        for (SeriesPoint s : r.series()) {
            hit.computeIfAbsent("request hit ratio", k -> new ArrayList<>()).add(new double[] {s.timeSeconds(), s.hitRatio()});
            hit.computeIfAbsent("byte hit ratio", k -> new ArrayList<>()).add(new double[] {s.timeSeconds(), s.byteHitRatio()});
            latency.computeIfAbsent("p50", k -> new ArrayList<>()).add(new double[] {s.timeSeconds(), s.p50Ms()});
            latency.computeIfAbsent("p99", k -> new ArrayList<>()).add(new double[] {s.timeSeconds(), s.p99Ms()});
            errors.computeIfAbsent("errors", k -> new ArrayList<>()).add(new double[] {s.timeSeconds(), s.errors()});
        }
        String note = "<p>Dashed vertical lines mark the run's events (red: outages, green: autoscaling, purple: purges, grey: health"
                + " checks); hover over one for what happened.</p>";
        return "<h2>Over time (warm-up included)</h2>" + note
                + SvgChart.lines("Hit ratio", "virtual time (s)", "ratio", hit, false, marks)
                + SvgChart.lines("Latency", "virtual time (s)", "ms", latency, false, marks)
                + SvgChart.lines("Edge utilisation per PoP (origin: its connection slots)", "virtual time (s)", "utilisation",
                        perPop(r, s -> s.utilisationPerPop(), s -> s.originUtilisation()), false, marks)
                + SvgChart.lines("Edges per PoP", "virtual time (s)", "edges", perPop(r, SeriesPoint::edgesPerPop, null), false, marks)
                + SvgChart.lines("Requests per PoP per slice", "virtual time (s)", "requests", perPop(r, SeriesPoint::requestsPerPop, null), false, marks)
                + SvgChart.lines("Errors per slice", "virtual time (s)", "requests", errors, false, marks);
    }

    /** One line per PoP from a per-PoP map of each slice, and an "origin" line when {@code origin} is given. */
    private static Map<String, List<double[]>> perPop(RunResult r, java.util.function.Function<SeriesPoint, Map<String, ? extends Number>> values,
            java.util.function.ToDoubleFunction<SeriesPoint> origin) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (SeriesPoint s : r.series()) {
            values.apply(s).forEach((pop, n) -> series.computeIfAbsent(pop, k -> new ArrayList<>()).add(new double[] {s.timeSeconds(), n.doubleValue()}));
            if (origin != null) {
                series.computeIfAbsent("origin", k -> new ArrayList<>()).add(new double[] {s.timeSeconds(), origin.applyAsDouble(s)});
            }
        }
        return series;
    }

    private static String latencyCdf(RunResult r) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("all PoPs", r.latencyCdf());
        r.latencyCdfPerPop().forEach((pop, points) -> {
            if (!points.isEmpty()) {
                series.put(pop, points);
            }
        });
        return SvgChart.lines("Latency CDF per PoP", "latency (ms, log scale)", "share of requests", series, true);
    }

    private static String perPopComparison(RunResult r) {
        List<String> pops = r.pops().stream().map(PopResult::pop).toList();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("request hit ratio", r.pops().stream().mapToDouble(PopResult::hitRatio).toArray());
        series.put("byte hit ratio", r.pops().stream().mapToDouble(PopResult::byteHitRatio).toArray());
        series.put("routing accuracy", r.pops().stream().mapToDouble(PopResult::routingAccuracy).toArray());
        series.put("mean utilisation", r.pops().stream().mapToDouble(PopResult::utilisation).toArray());
        if (r.pops().stream().anyMatch(p -> p.fillRequests() > 0)) {
            series.put("shield hit ratio", r.pops().stream()
                    .mapToDouble(p -> p.fillRequests() == 0 ? 0 : (double) p.fillHits() / p.fillRequests()).toArray());
        }
        String out = SvgChart.bars("Per PoP (policy " + r.policies() + ")", "ratio", pops, series);
        if (r.classes().size() > 1) {
            List<String> names = r.classes().stream().map(PopResult::pop).toList();
            Map<String, double[]> classes = new LinkedHashMap<>();
            classes.put("request hit ratio", r.classes().stream().mapToDouble(PopResult::hitRatio).toArray());
            classes.put("origin offload", r.classes().stream().mapToDouble(PopResult::originOffload).toArray());
            classes.put("stale share", r.classes().stream().mapToDouble(c -> c.requests() == 0 ? 0 : (double) c.stale() / c.requests()).toArray());
            classes.put("304 share", r.classes().stream().mapToDouble(c -> {
                long n = c.revalidationsUnchanged() + c.revalidationsChanged();
                return n == 0 ? 0 : (double) c.revalidationsUnchanged() / n;
            }).toArray());
            out += SvgChart.bars("Per content class", "ratio", names, classes);
        }
        return out;
    }

    private static String map(RunResult r) {
        Places places = r.places();
        if (places == null) {
            return "";
        }
        List<SvgChart.Point> points = new ArrayList<>();
        places.pops().forEach(p -> points.add(new SvgChart.Point(p.name(), p.lat(), p.lon(), "pop")));
        places.regions().forEach(p -> points.add(new SvgChart.Point(p.name(), p.lat(), p.lon(), "region")));
        points.add(new SvgChart.Point(places.origin().name(), places.origin().lat(), places.origin().lon(), "origin"));
        List<SvgChart.Link> links = places.flows().stream().map(f -> new SvgChart.Link(f.region(), f.pop(), f.requests(),
                f.region() + " -> " + f.pop() + ": " + String.format(java.util.Locale.ROOT, "%,d", f.requests()) + " requests")).toList();
        return SvgChart.map("PoPs, client regions and their traffic", points, links);
    }
}
