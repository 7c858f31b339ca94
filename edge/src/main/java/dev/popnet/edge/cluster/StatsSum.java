package dev.popnet.edge.cluster;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds up several nodes' stats: whole-number leaves (counters, bytes) are summed key by key through
 * nested objects; fractional leaves (ratios, latency percentiles) cannot be summed and stay per node,
 * except {@code hit_ratio} and {@code byte_hit_ratio}, recomputed from the summed counters next to them.
 */
final class StatsSum {
    private StatsSum() {
    }

    static Map<String, Object> sum(Collection<Map<String, Object>> nodes) {
        Map<String, Object> total = new LinkedHashMap<>();
        for (Map<String, Object> n : nodes) {
            add(total, n);
        }
        ratios(total);
        return total;
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> into, Map<String, Object> from) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> nested) {
                Object existing = into.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<String, Object>());
                if (existing instanceof Map<?, ?>) {
                    add((Map<String, Object>) existing, (Map<String, Object>) nested);
                }
            } else if (v instanceof Integer || v instanceof Long) {
                Object existing = into.get(e.getKey());
                long before = existing instanceof Long l ? l : 0;
                into.put(e.getKey(), before + ((Number) v).longValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void ratios(Map<String, Object> m) {
        for (Object v : m.values()) {
            if (v instanceof Map<?, ?> nested) {
                ratios((Map<String, Object>) nested);
            }
        }
        ratio(m, "hit_ratio", "hits", "misses");
        ratio(m, "byte_hit_ratio", "bytes_hit", "bytes_missed");
    }

    private static void ratio(Map<String, Object> m, String name, String hitKey, String missKey) {
        if (m.get(hitKey) instanceof Long hits && m.get(missKey) instanceof Long misses) {
            m.put(name, hits + misses == 0 ? 0.0 : (double) hits / (hits + misses));
        }
    }
}
