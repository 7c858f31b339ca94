package dev.popnet.core.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parsed {@code Cache-Control} (or {@code CDN-Cache-Control}) directives (RFC 9111 §5.2), from the
 * field's lines combined. Names are case-insensitive; arguments may be tokens or quoted strings (§5.2:
 * recipients accept both); commas inside quoted strings do not separate directives; a repeated
 * directive keeps its first value (§4.2.1). An argument that is not what the directive takes (whitespace
 * around {@code =}, {@code max-age=a100}) is malformed, and a malformed freshness directive means stale.
 */
public final class CacheControl {
    public static final CacheControl EMPTY = new CacheControl(Map.of());
    /** §1.2.2: delta-seconds beyond what we represent saturate at 2^31. */
    public static final long MAX_DELTA = 2_147_483_648L;
    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    /** @param header the field's value, every line combined ({@link Headers#list}); null for none */
    public static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return EMPTY;
        }
        Map<String, String> d = new HashMap<>();
        for (String member : FieldValues.elements(header)) {
            int eq = member.indexOf('=');
            String rawName = eq < 0 ? member : member.substring(0, eq);
            String name = rawName.strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : member.substring(eq + 1);
            // The grammar has no whitespace around '='; such an argument stays malformed (§4.2.1: stale).
            value = rawName.length() > name.length() ? " " + value : FieldValues.unquote(value);
            if (!name.isEmpty()) {
                d.putIfAbsent(name, value);
            }
        }
        return new CacheControl(d);
    }

    /**
     * A targeted field such as {@code CDN-Cache-Control} (RFC 9213 §2.1), a Structured Field Dictionary:
     * null when it is absent, invalid or empty, and Cache-Control then applies. Numeric directives with
     * an argument that is not a non-negative integer are dropped.
     */
    public static CacheControl parseTargeted(String field) {
        Map<String, Object> dictionary = StructuredDictionary.parse(field);
        if (dictionary == null || dictionary.isEmpty()) {
            return null;
        }
        Map<String, String> d = new HashMap<>();
        dictionary.forEach((name, value) -> {
            if (DELTA_DIRECTIVES.contains(name)) {
                if (value instanceof Long n && n >= 0) {
                    d.put(name, Long.toString(Math.min(n, MAX_DELTA)));
                }
            } else if (value instanceof String text) {
                d.put(name, text);
            } else if (value instanceof StructuredDictionary.Token token) {
                d.put(name, token.value());
            } else if (!Boolean.FALSE.equals(value)) {
                d.put(name, "");
            }
        });
        return new CacheControl(d);
    }

    private static final Set<String> DELTA_DIRECTIVES = Set.of("max-age", "s-maxage", "stale-while-revalidate", "stale-if-error");

    public boolean has(String directive) {
        return directives.containsKey(directive);
    }

    public boolean isEmpty() {
        return directives.isEmpty();
    }

    /**
     * Delta-seconds argument of a directive (§1.2.2; leading zeros allowed, huge values saturate at
     * 2^31), or -1 when the directive is absent or its argument is not a non-negative integer.
     */
    public long seconds(String directive) {
        String v = directives.get(directive);
        if (v == null || v.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = Math.min(MAX_DELTA, n * 10 + (c - '0'));
        }
        return n;
    }

    /** The directive is present but its argument is not delta-seconds ({@code max-age=a100}, {@code max-age='5'}). */
    public boolean malformed(String directive) {
        return has(directive) && seconds(directive) < 0;
    }

    /** Value of a directive that may appear with or without a value ({@code max-stale}). */
    public String value(String directive) {
        return directives.get(directive);
    }
}
