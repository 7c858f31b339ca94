package dev.popnet.simulator.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The headline figures of a component's stats document, one row per component, shared by the table,
 * HTML and CSV reports. Fields are picked by kind from what each server's {@code /stats} holds (edge:
 * {@code EdgeStats}; PoP: the {@code totals} of {@code /stats?scope=pop}; origin: {@code OriginStats};
 * DNS: {@code DnsServer.statsMap}); a figure the document lacks is empty.
 */
final class ComponentRows {
    static final String[] HEADER = {"kind", "name", "url", "requests", "hit %", "origin fetches", "errors", "bytes out", "p99 ms", "detail"};
    static final String[] CSV_HEADER = {"kind", "name", "url", "requests", "hit_ratio", "origin_fetches", "errors", "bytes_out", "p99_ms", "detail"};

    /**
     * @param requests      requests served (DNS: queries answered)
     * @param errors        edge and PoP: failed origin fetches; origin: 5xx responses and dropped
     *                      connections; DNS: SERVFAIL answers and dropped queries
     * @param detail        a short kind-specific note, or the error when the stats could not be read
     */
    record Figures(Long requests, Double hitRatio, Long originFetches, Long errors, Long bytesOut, Double p99Ms, String detail) {
    }

    private ComponentRows() {
    }

    static Figures figures(ComponentStats c) {
        JsonNode s = c.stats();
        if (s == null) {
            return new Figures(null, null, null, null, null, null, "error: " + c.error());
        }
        return switch (c.kind()) {
            case "edge" -> new Figures(num(s, "requests"), ratio(s, "hit_ratio"), num(s, "origin_fetches"), num(s, "origin_errors"),
                    num(s, "bytes_out"), ratio(s.path("client_latency"), "p99_ms"), edgeDetail(s));
            case "pop" -> popFigures(s);
            case "origin" -> new Figures(num(s, "requests"), null, null, originErrors(s), num(s, "bytes_sent"),
                    ratio(s.path("latency"), "p99_ms"), counts("status", s.path("status")));
            case "dns" -> new Figures(sum(s.path("queries_by_type")), null, null, dnsErrors(s), null, ratio(s.path("latency"), "p99_ms"),
                    counts("answers", s.path("answers_by_pop")));
            default -> throw new IllegalStateException("unknown component kind " + c.kind());
        };
    }

    /** The row as shown in the text table and the HTML report; "-" for an absent figure. */
    static String[] display(ComponentStats c) {
        Figures f = figures(c);
        return new String[] {c.kind(), c.name(), c.url(), count(f.requests()), f.hitRatio() == null ? "-" : TextTable.pct(f.hitRatio()),
            count(f.originFetches()), count(f.errors()), count(f.bytesOut()), f.p99Ms() == null ? "-" : String.format(Locale.ROOT, "%.2f", f.p99Ms()),
            f.detail() == null ? "-" : f.detail()};
    }

    /** The row as fields of components.csv; an absent figure is an empty field. */
    static Object[] csv(ComponentStats c) {
        Figures f = figures(c);
        return new Object[] {c.kind(), c.name(), c.url(), f.requests(), f.hitRatio() == null ? null : Csv.fixed(f.hitRatio(), 6),
            f.originFetches(), f.errors(), f.bytesOut(), f.p99Ms() == null ? null : Csv.fixed(f.p99Ms(), 3), f.detail()};
    }

    private static Figures popFigures(JsonNode s) {
        JsonNode t = s.path("totals");
        String detail = s.has("reporting") && s.has("members") ? s.get("reporting").asLong() + "/" + s.get("members").asLong() + " members reporting" : null;
        // latency percentiles cannot be summed over members, so the PoP-wide view has none
        return new Figures(num(t, "requests"), ratio(t, "hit_ratio"), num(t, "origin_fetches"), num(t, "origin_errors"),
                num(t, "bytes_out"), null, detail);
    }

    private static String edgeDetail(JsonNode s) {
        JsonNode cache = s.path("cache");
        if (!cache.has("objects")) {
            return null;
        }
        return String.format(Locale.ROOT, "%s, %,d objects", cache.path("policy").asText("?"), cache.get("objects").asLong());
    }

    private static Long originErrors(JsonNode s) {
        JsonNode status = s.path("status");
        if (!status.isObject() && !s.has("connections_dropped")) {
            return null;
        }
        long errors = s.path("connections_dropped").asLong();
        for (Iterator<Map.Entry<String, JsonNode>> it = status.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("5")) {
                errors += e.getValue().asLong();
            }
        }
        return errors;
    }

    private static Long dnsErrors(JsonNode s) {
        if (!s.has("responses_by_rcode") && !s.has("dropped")) {
            return null;
        }
        return s.path("responses_by_rcode").path("SERVFAIL").asLong() + s.path("dropped").asLong();
    }

    private static Long num(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v != null && v.isNumber() ? v.asLong() : null;
    }

    private static Double ratio(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static Long sum(JsonNode counts) {
        if (!counts.isObject()) {
            return null;
        }
        long total = 0;
        for (JsonNode v : counts) {
            total += v.asLong();
        }
        return total;
    }

    /** "status 200=990 304=10": an object of counters, in the document's order. */
    private static String counts(String label, JsonNode counts) {
        if (!counts.isObject() || counts.isEmpty()) {
            return null;
        }
        StringJoiner out = new StringJoiner(" ", label + " ", "");
        counts.fields().forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
        return out.toString();
    }

    private static String count(Long v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%,d", v);
    }
}
