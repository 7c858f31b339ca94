package dev.popnet.simulator.replay;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.simulator.report.PrettyJson;
import dev.popnet.simulator.report.SvgChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A replay's results as a text table, CSV, JSON and a self-contained HTML page with the miss-ratio curves. */
public final class ReplayReport {
    private final ReplayPlan plan;
    private final TraceReplay.Outcome outcome;

    public ReplayReport(ReplayPlan plan, TraceReplay.Outcome outcome) {
        this.plan = plan;
        this.outcome = outcome;
    }

    private String unit() {
        return plan.mode() == CapacityMode.OBJECTS ? "objects" : "bytes";
    }

    /** What ran: trace, format, mode, size-change rule, admission, working set. */
    public String header() {
        StringBuilder sb = new StringBuilder();
        sb.append(plan.trace()).append("  format ").append(plan.format().cliName()).append("  capacity in ").append(unit())
                .append("  size-change ").append(plan.sizeChange().label());
        if (plan.admission() != null) {
            sb.append("  admission ").append(plan.admission());
        }
        TraceReplay.WorkingSet w = outcome.workingSet();
        if (w != null) {
            sb.append(String.format(Locale.ROOT, "%nworking set: %,d objects, %,d bytes, in %,d requests", w.objects(), w.bytes(), w.requests()));
        }
        return sb.append(System.lineSeparator()).toString();
    }

    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"policy", "capacity", unit(), "requests", "miss ratio", "byte miss ratio", "evictions", "cpu s", "req/cpu-s"});
        for (ReplayResult r : outcome.results()) {
            rows.add(new String[] {r.policy(), r.capacityText(), String.format(Locale.ROOT, "%,d", r.capacity()),
                    String.format(Locale.ROOT, "%,d", r.requests()), String.format(Locale.ROOT, "%.4f", r.missRatio()),
                    String.format(Locale.ROOT, "%.4f", r.byteMissRatio()), String.format(Locale.ROOT, "%,d", r.evictions()),
                    String.format(Locale.ROOT, "%.2f", r.cpuSeconds()), String.format(Locale.ROOT, "%,.0f", r.requestsPerCpuSecond())});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder(header());
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String cell = i == 0 ? String.format("%-" + width[i] + "s", row[i]) : String.format("%" + width[i] + "s", row[i]);
                sb.append(i == 0 ? "" : "  ").append(cell);
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder("policy,capacity,capacity_" + unit()
                + ",requests,misses,miss_ratio,bytes,miss_bytes,byte_miss_ratio,evictions,cpu_seconds,wall_seconds,size_change\n");
        for (ReplayResult r : outcome.results()) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.6f,%d,%d,%.6f,%d,%.3f,%.3f,%s%n", quote(r.policy()), r.capacityText(),
                    r.capacity(), r.requests(), r.misses(), r.missRatio(), r.bytes(), r.missBytes(), r.byteMissRatio(), r.evictions(),
                    r.cpuSeconds(), r.wallSeconds(), plan.sizeChange().label()));
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") ? "\"" + s + "\"" : s;
    }

    /** Written without Jackson: a small replay's whole run is shorter than Jackson's set-up. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("trace", plan.trace().toString());
        root.put("format", plan.format().cliName());
        root.put("mode", unit());
        root.put("size_change", plan.sizeChange().label());
        if (plan.admission() != null) {
            root.put("admission", plan.admission());
        }
        if (outcome.workingSet() != null) {
            Map<String, Object> workingSet = new LinkedHashMap<>();
            workingSet.put("objects", outcome.workingSet().objects());
            workingSet.put("bytes", outcome.workingSet().bytes());
            root.put("working_set", workingSet);
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        for (ReplayResult r : outcome.results()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("policy", r.policy());
            run.put("capacity", r.capacityText());
            run.put("capacity_" + unit(), r.capacity());
            run.put("requests", r.requests());
            run.put("misses", r.misses());
            run.put("miss_ratio", r.missRatio());
            run.put("bytes", r.bytes());
            run.put("miss_bytes", r.missBytes());
            run.put("byte_miss_ratio", r.byteMissRatio());
            run.put("evictions", r.evictions());
            run.put("cpu_seconds", r.cpuSeconds());
            run.put("wall_seconds", r.wallSeconds());
            runs.add(run);
        }
        root.put("runs", runs);
        return PrettyJson.render(root);
    }

    /** Miss ratio (and byte miss ratio) against capacity, one line per policy, plus the table. */
    public String html() {
        Map<String, List<double[]>> requests = new LinkedHashMap<>();
        Map<String, List<double[]>> bytes = new LinkedHashMap<>();
        for (ReplayResult r : outcome.results()) {
            requests.computeIfAbsent(r.policy(), k -> new ArrayList<>()).add(new double[] {r.capacity(), r.missRatio()});
            bytes.computeIfAbsent(r.policy(), k -> new ArrayList<>()).add(new double[] {r.capacity(), r.byteMissRatio()});
        }
        requests.values().forEach(l -> l.sort((a, b) -> Double.compare(a[0], b[0])));
        bytes.values().forEach(l -> l.sort((a, b) -> Double.compare(a[0], b[0])));
        boolean logX = outcome.results().stream().mapToLong(ReplayResult::capacity).max().orElse(1)
                > 20 * outcome.results().stream().mapToLong(ReplayResult::capacity).min().orElse(1);
        String axis = "capacity (" + unit() + (logX ? ", log" : "") + ")";
        return "<!doctype html><html><head><meta charset='utf-8'><title>popnet replay</title>"
                + "<style>body{font-family:sans-serif;margin:2em}pre{background:#f6f6f6;padding:1em}</style></head><body>"
                + "<h1>Replay of " + SvgChart.escape(plan.trace().getFileName().toString()) + "</h1>"
                + SvgChart.lines("Miss ratio", axis, "miss ratio", requests, logX)
                + SvgChart.lines("Byte miss ratio", axis, "byte miss ratio", bytes, logX)
                + "<pre>" + SvgChart.escape(table()) + "</pre></body></html>\n";
    }
}
