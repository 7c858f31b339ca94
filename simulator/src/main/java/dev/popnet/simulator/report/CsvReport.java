package dev.popnet.simulator.report;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV files of a run: per PoP (pops.csv), per content class (classes.csv), over time (series.csv),
 * latency CDF per PoP (latency-cdf.csv) and, after a live run, the components' stats (components.csv).
 */
final class CsvReport {
    private static final Object[] HEADER = {"scenario", "seed", "pop", "requests", "hit_ratio", "byte_hit_ratio", "origin_offload",
        "origin_fetches", "origin_bytes", "revalidations_unchanged", "revalidations_changed", "stale", "coalesced", "revalidated",
        "bypassed", "parent_hits", "fill_requests", "fill_hits", "errors", "dropped", "timeouts", "p50_ms", "p95_ms", "p99_ms",
        "routing_accuracy", "edges", "resident_bytes", "utilisation", "peak_utilisation"};

    private CsvReport() {
    }

    static String render(RunResult r) {
        Csv csv = new Csv(HEADER);
        r.pops().forEach(p -> csv.row(line(r, p)));
        return csv.row(line(r, r.total())).toString();
    }

    static String classes(RunResult r) {
        Csv csv = new Csv(HEADER);
        r.classes().forEach(p -> csv.row(line(r, p)));
        return csv.toString();
    }

    private static Object[] line(RunResult r, PopResult p) {
        return new Object[] {r.scenario(), r.seed(), p.pop(), p.requests(), Csv.fixed(p.hitRatio(), 6), Csv.fixed(p.byteHitRatio(), 6),
            Csv.fixed(p.originOffload(), 6), p.originFetches(), p.originBytes(), p.revalidationsUnchanged(), p.revalidationsChanged(),
            p.stale(), p.coalesced(), p.revalidated(), p.bypassed(), p.parentHits(), p.fillRequests(), p.fillHits(), p.errors(),
            p.dropped(), p.timeouts(), Csv.fixed(p.p50Ms(), 3), Csv.fixed(p.p95Ms(), 3), Csv.fixed(p.p99Ms(), 3),
            Csv.fixed(p.routingAccuracy(), 6), p.edges(), p.residentBytes(), Csv.fixed(p.utilisation(), 4), Csv.fixed(p.peakUtilisation(), 4)};
    }

    static String series(RunResult r) {
        List<Object> header = new ArrayList<>(List.of("time_s", "requests", "hit_ratio", "byte_hit_ratio", "errors", "p50_ms", "p99_ms",
                "origin_utilisation"));
        List<String> pops = r.pops().stream().map(PopResult::pop).toList();
        pops.forEach(p -> header.add("requests_" + p));
        pops.forEach(p -> header.add("edges_" + p));
        pops.forEach(p -> header.add("utilisation_" + p));
        Csv csv = new Csv(header.toArray());
        for (SeriesPoint s : r.series()) {
            List<Object> row = new ArrayList<>(List.of(Csv.fixed(s.timeSeconds(), 3), s.requests(), Csv.fixed(s.hitRatio(), 6),
                    Csv.fixed(s.byteHitRatio(), 6), s.errors(), Csv.fixed(s.p50Ms(), 3), Csv.fixed(s.p99Ms(), 3), Csv.fixed(s.originUtilisation(), 4)));
            pops.forEach(p -> row.add(s.requestsPerPop().get(p)));
            pops.forEach(p -> row.add(s.edgesPerPop().get(p)));
            pops.forEach(p -> row.add(s.utilisationPerPop() == null ? null : Csv.fixed(s.utilisationPerPop().getOrDefault(p, 0.0), 4)));
            csv.row(row);
        }
        return csv.toString();
    }

    static String components(RunResult r) {
        Csv csv = new Csv((Object[]) ComponentRows.CSV_HEADER);
        r.components().forEach(c -> csv.row(ComponentRows.csv(c)));
        return csv.toString();
    }

    static String cdf(RunResult r) {
        Csv csv = new Csv("pop", "latency_ms", "cumulative_share");
        for (double[] p : r.latencyCdf()) {
            csv.row("all", Csv.fixed(p[0], 3), Csv.fixed(p[1], 4));
        }
        r.latencyCdfPerPop().forEach((pop, points) -> points.forEach(p -> csv.row(pop, Csv.fixed(p[0], 3), Csv.fixed(p[1], 4))));
        return csv.toString();
    }
}
