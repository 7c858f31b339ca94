package dev.popnet.simulator.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The terminal summary: one row per PoP and one for all, then the components' stats after a live run. */
public final class TextTable {
    static final String COMPONENTS_TITLE = "Components (stats endpoints at the end of the run)";

    private TextTable() {
    }

    public static String render(RunResult r) {
        return summary(r) + components(r);
    }

    /** The run, the per-PoP table and the timeline. */
    static String summary(RunResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s (%s)  seed %d  routing %s  policy %s%n", r.scenario(), r.source(), r.seed(), r.routing(), r.policies()));
        sb.append(String.format(Locale.ROOT, "%,d requests (%,d measured after warm-up) over %.1f s of virtual time, %.2f s wall: %,.0f requests/s%n%n",
                r.requests(), r.measuredRequests(), r.virtualSeconds(), r.wallSeconds(), r.requestsPerSecond()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"pop", "requests", "hit %", "byte hit %", "offload %", "origin fetches", "p50 ms", "p95 ms", "p99 ms", "nearest %",
            "util %", "edges", "errors"});
        r.pops().forEach(p -> rows.add(row(p)));
        rows.add(row(r.total()));
        columns(sb, rows, 1, false, true);
        sb.append(String.format(Locale.ROOT, "%ncache and origin (origin utilisation %s %%):%n", pct(r.originUtilisation())));
        List<String[]> cache = new ArrayList<>();
        cache.add(CACHE_HEADER);
        r.pops().forEach(p -> cache.add(cacheRow(p)));
        cache.add(cacheRow(r.total()));
        columns(sb, cache, 1, false, true);
        if (r.classes().size() > 1) {
            sb.append("\nper content class:\n");
            List<String[]> classes = new ArrayList<>();
            String[] header = CACHE_HEADER.clone();
            header[0] = "class";
            classes.add(header);
            r.classes().forEach(c -> classes.add(cacheRow(c)));
            columns(sb, classes, 1, false, false);
        }
        if (!r.timeline().isEmpty()) {
            sb.append("\ntimeline:\n");
            r.timeline().forEach(e -> sb.append(String.format(Locale.ROOT, "  %8.1f s  %s%n", e.timeSeconds(), e.what())));
        }
        return sb.toString();
    }

    /** One row per component with its headline figures; empty when the run read no stats endpoints. */
    static String components(RunResult r) {
        if (r.components().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n").append(COMPONENTS_TITLE).append(":\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(ComponentRows.HEADER);
        r.components().forEach(c -> rows.add(ComponentRows.display(c)));
        columns(sb, rows, 3, true, false);
        return sb.toString();
    }

    /**
     * Lays rows out in columns: the first {@code leftColumns} (and the last, if {@code lastLeft}) aligned
     * left, the rest right; {@code ruleBeforeLast} draws a line above the last row (the total).
     */
    private static void columns(StringBuilder sb, List<String[]> rows, int leftColumns, boolean lastLeft, boolean ruleBeforeLast) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int k = 0; k < rows.size(); k++) {
            if (ruleBeforeLast && k == rows.size() - 1) {
                sb.append("-".repeat(Arrays.stream(widths).sum() + 2 * widths.length)).append('\n');
            }
            String[] row = rows.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean left = i < leftColumns || lastLeft && i == row.length - 1;
                String pad = i == 0 ? "" : "  ";
                line.append(left ? pad + String.format("%-" + widths[i] + "s", row[i]) : String.format("%" + (widths[i] + pad.length()) + "s", row[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String[] row(PopResult p) {
        return new String[] {p.pop(), count(p.requests()), pct(p.hitRatio()), pct(p.byteHitRatio()),
            pct(p.originOffload()), count(p.originFetches()), ms(p.p50Ms()), ms(p.p95Ms()), ms(p.p99Ms()),
            pct(p.routingAccuracy()), pct(p.utilisation()), String.valueOf(p.edges()), count(p.errors())};
    }

    private static final String[] CACHE_HEADER = {"pop", "requests", "hit %", "origin reqs", "origin MiB", "304", "200", "stale", "coalesced",
        "bypassed", "parent hits", "shield hits", "dropped", "timeouts", "errors"};

    /** How a PoP's (or a class's) requests were served, and what they asked of the origin. */
    private static String[] cacheRow(PopResult p) {
        return new String[] {p.pop(), count(p.requests()), pct(p.hitRatio()), count(p.originFetches()),
            String.format(Locale.ROOT, "%,.1f", p.originBytes() / 1048576.0), count(p.revalidationsUnchanged()), count(p.revalidationsChanged()),
            count(p.stale()), count(p.coalesced()), count(p.bypassed()), count(p.parentHits()),
            p.fillRequests() == 0 ? "-" : count(p.fillHits()) + "/" + count(p.fillRequests()), count(p.dropped()), count(p.timeouts()),
            count(p.errors())};
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio * 100);
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
