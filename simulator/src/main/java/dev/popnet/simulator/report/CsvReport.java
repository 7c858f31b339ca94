package dev.popnet.simulator.report;

import java.util.Locale;

/**
 * CSV files of a run: per PoP (pops.csv), over time (series.csv), latency CDF (latency-cdf.csv) and, after a
 * live run, the components' stats (components.csv).
 */
final class CsvReport {
    private CsvReport() {
    }

    static String render(RunResult r) {
        StringBuilder sb = new StringBuilder("scenario,seed,pop,requests,hit_ratio,byte_hit_ratio,origin_offload,origin_fetches,origin_bytes,errors,p50_ms,p95_ms,p99_ms,routing_accuracy,edges,resident_bytes\n");
        for (PopResult p : r.pops()) {
            line(sb, r, p);
        }
        line(sb, r, r.total());
        return sb.toString();
    }

    private static void line(StringBuilder sb, RunResult r, PopResult p) {
        sb.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%.6f,%.6f,%.6f,%d,%d,%d,%.3f,%.3f,%.3f,%.6f,%d,%d%n", r.scenario(), r.seed(), p.pop(),
                p.requests(), p.hitRatio(), p.byteHitRatio(), p.originOffload(), p.originFetches(), p.originBytes(), p.errors(),
                p.p50Ms(), p.p95Ms(), p.p99Ms(), p.routingAccuracy(), p.edges(), p.residentBytes()));
    }

    static String series(RunResult r) {
        StringBuilder sb = new StringBuilder("time_s,requests,hit_ratio,byte_hit_ratio");
        if (!r.series().isEmpty()) {
            r.series().get(0).requestsPerPop().keySet().forEach(p -> sb.append(",requests_").append(p));
            r.series().get(0).edgesPerPop().keySet().forEach(p -> sb.append(",edges_").append(p));
        }
        sb.append('\n');
        for (SeriesPoint s : r.series()) {
            sb.append(String.format(Locale.ROOT, "%.3f,%d,%.6f,%.6f", s.timeSeconds(), s.requests(), s.hitRatio(), s.byteHitRatio()));
            s.requestsPerPop().values().forEach(v -> sb.append(',').append(v));
            s.edgesPerPop().values().forEach(v -> sb.append(',').append(v));
            sb.append('\n');
        }
        return sb.toString();
    }

    static String components(RunResult r) {
        StringBuilder sb = new StringBuilder(ComponentRows.CSV_HEADER).append('\n');
        r.components().forEach(c -> sb.append(ComponentRows.csv(c)));
        return sb.toString();
    }

    static String cdf(RunResult r) {
        StringBuilder sb = new StringBuilder("latency_ms,cumulative_share\n");
        for (double[] p : r.latencyCdf()) {
            sb.append(String.format(Locale.ROOT, "%.3f,%.4f%n", p[0], p[1]));
        }
        return sb.toString();
    }
}
