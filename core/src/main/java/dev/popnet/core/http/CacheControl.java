package dev.popnet.core.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parsed {@code Cache-Control} (or {@code CDN-Cache-Control}) directives (RFC 9111 §5.2). Names are
 * case-insensitive; a repeated directive keeps its first value; quoted values are unquoted.
 */
public final class CacheControl {
    public static final CacheControl EMPTY = new CacheControl(Map.of());
    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    public static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return EMPTY;
        }
        Map<String, String> d = new HashMap<>();
        for (String part : splitOutsideQuotes(header)) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : p.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            d.putIfAbsent(name, value);
        }
        return new CacheControl(d);
    }

    private static java.util.List<String> splitOutsideQuotes(String s) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    public boolean has(String directive) {
        return directives.containsKey(directive);
    }

    public boolean isEmpty() {
        return directives.isEmpty();
    }

    /**
     * Delta-seconds value of a directive, or -1 when absent or malformed (§1.2.2: invalid values are
     * ignored; huge values saturate).
     */
    public long seconds(String directive) {
        String v = directives.get(directive);
        if (v == null || v.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return -1;
            }
        }
        return v.length() > 10 ? Integer.MAX_VALUE : Math.min(Integer.MAX_VALUE, Long.parseLong(v));
    }

    /** Value of a directive that may appear with or without a value ({@code max-stale}). */
    public String value(String directive) {
        return directives.get(directive);
    }
}
