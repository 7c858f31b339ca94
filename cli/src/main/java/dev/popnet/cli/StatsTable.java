package dev.popnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays out several stats documents side by side: one row per flattened key ({@code cache.hits},
 * {@code latency.p99_ms}), one column per endpoint. Any endpoint's JSON works, so edge, PoP, DNS and
 * origin stats share one view.
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
            out.put(prefix.isEmpty() ? "value" : prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }

    String render() {
        Set<String> keys = new LinkedHashSet<>();
        values.forEach(v -> keys.addAll(v.keySet()));
        int keyWidth = Math.max(3, keys.stream().mapToInt(String::length).max().orElse(3));
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (String v : values.get(c).values()) {
                widths[c] = Math.max(widths[c], v.length());
            }
        }
        StringBuilder sb = new StringBuilder();
        row(sb, "key", keyWidth, columns, widths);
        sb.append("-".repeat(keyWidth + java.util.Arrays.stream(widths).map(w -> w + 2).sum())).append('\n');
        for (String key : keys) {
            List<String> cells = new ArrayList<>();
            for (Map<String, String> v : values) {
                cells.add(v.getOrDefault(key, ""));
            }
            row(sb, key, keyWidth, cells, widths);
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String key, int keyWidth, List<String> cells, int[] widths) {
        sb.append(String.format("%-" + keyWidth + "s", key));
        for (int c = 0; c < cells.size(); c++) {
            sb.append("  ").append(String.format("%" + widths[c] + "s", cells.get(c)));
        }
        sb.append('\n');
    }
}
