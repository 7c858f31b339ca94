package dev.popnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lays out several stats documents side by side: one row per flattened key ({@code cache.hits},
 * {@code latency.p99_ms}), one column per endpoint. Any endpoint's JSON works, so edge, PoP, DNS and
 * origin stats share one view. Fractions are rounded to four decimals; given the previous round of
 * the same endpoints, whole numbers that grew also show their rate per second.
 */
final class StatsTable {
    private final List<String> columns = new ArrayList<>();
    private final List<Map<String, String>> values = new ArrayList<>();

    void add(String column, JsonNode document) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", document, flat);
        columns.add(column);
        values.add(flat);
    }

    void addError(String column, String message) {
        columns.add(column);
        values.add(Map.of("error", message));
    }

    static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else if (node.isArray() && node.size() > 0 && node.get(0).isContainerNode()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(prefix.isEmpty() ? "value" : prefix, node.isFloatingPointNumber() ? rounded(node.doubleValue())
                    : node.isValueNode() ? node.asText() : node.toString());
        }
    }

    /** 0.9523809523809523 → 0.9524; 12.5 stays 12.5. */
    static String rounded(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    String render() {
        return render(null, 0);
    }

    /**
     * @param previous the table of the round before, or null
     * @param seconds  time since that round
     */
    String render(StatsTable previous, double seconds) {
        Set<String> keys = new LinkedHashSet<>();
        values.forEach(v -> keys.addAll(v.keySet()));
        List<Map<String, String>> cells = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            Map<String, String> before = previous == null ? null : previous.column(columns.get(c));
            Map<String, String> shown = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : values.get(c).entrySet()) {
                shown.put(e.getKey(), e.getValue() + rate(before == null ? null : before.get(e.getKey()), e.getValue(), seconds));
            }
            cells.add(shown);
        }
        int keyWidth = Math.max(3, keys.stream().mapToInt(String::length).max().orElse(3));
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (String v : cells.get(c).values()) {
                widths[c] = Math.max(widths[c], v.length());
            }
        }
        StringBuilder sb = new StringBuilder();
        row(sb, "key", keyWidth, columns, widths);
        sb.append("-".repeat(keyWidth + java.util.Arrays.stream(widths).map(w -> w + 2).sum())).append('\n');
        for (String key : keys) {
            List<String> line = new ArrayList<>();
            for (Map<String, String> v : cells) {
                line.add(v.getOrDefault(key, ""));
            }
            row(sb, key, keyWidth, line, widths);
        }
        return sb.toString();
    }

    private Map<String, String> column(String name) {
        int i = columns.indexOf(name);
        return i < 0 ? null : values.get(i);
    }

    /** " (+12.5/s)" when a whole number grew since the round before, else nothing. */
    private static String rate(String before, String now, double seconds) {
        if (before == null || seconds <= 0) {
            return "";
        }
        try {
            long delta = Long.parseLong(now) - Long.parseLong(before);
            double perSecond = delta / seconds;
            return delta > 0 ? " (+" + (perSecond >= 100 ? String.valueOf(Math.round(perSecond))
                    : String.format(Locale.ROOT, "%.1f", perSecond)) + "/s)" : "";
        } catch (NumberFormatException notACounter) {
            return "";
        }
    }

    private static void row(StringBuilder sb, String key, int keyWidth, List<String> cells, int[] widths) {
        sb.append(String.format(Locale.ROOT, "%-" + keyWidth + "s", key));
        for (int c = 0; c < cells.size(); c++) {
            sb.append("  ").append(String.format(Locale.ROOT, "%" + widths[c] + "s", cells.get(c)));
        }
        sb.append('\n');
    }
}
