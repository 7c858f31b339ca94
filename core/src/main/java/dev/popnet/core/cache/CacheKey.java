package dev.popnet.core.cache;

import dev.popnet.core.http.RequestTarget;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The primary cache key: scheme, host and the normalised request target, exactly as the origin is asked
 * for it ({@link RequestTarget}: escapes normalised, dot segments removed, ignored parameters gone,
 * order and duplicates of the others kept). Only the Host header is keyed; other headers never reach
 * the key, so they cannot poison it.
 */
public record CacheKey(String value) {

    public static CacheKey of(String scheme, String host, RequestTarget target) {
        String s = scheme.toLowerCase(Locale.ROOT);
        String h = normaliseHost(s, host);
        return new CacheKey(s + "://" + (h == null ? "" : h) + target.value());
    }

    /** Parses and normalises a raw origin-form target first; throws {@link RequestTarget.Invalid} for a bad one. */
    public static CacheKey of(String scheme, String host, String rawPathAndQuery, Set<String> ignoredParams, boolean ignoreAllParams) {
        String raw = rawPathAndQuery.isEmpty() || rawPathAndQuery.charAt(0) == '?' ? "/" + rawPathAndQuery : rawPathAndQuery;
        return of(scheme, host, RequestTarget.parse(raw).without(ignoredParams, ignoreAllParams));
    }

    /** The 64-bit id eviction policies track (FNV-1a then a mix; collisions are checked against the full key). */
    public long id() {
        long h = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** The path and query part, e.g. for purge by prefix. */
    public String pathAndQuery() {
        int start = value.indexOf('/', value.indexOf("://") + 3);
        return start < 0 ? "/" : value.substring(start);
    }

    /**
     * A Host value (RFC 9110 §7.2: reg-name, IPv4 or IP-literal, optional port) lowercased, without a
     * trailing dot or the scheme's default port; "" for none; null when it is not a valid host.
     */
    public static String normaliseHost(String scheme, String host) {
        if (host == null || host.isBlank()) {
            return "";
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        boolean literal = h.startsWith("[");
        int colon = literal ? h.indexOf(':', Math.max(0, h.indexOf(']'))) : h.lastIndexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        String port = colon < 0 ? "" : h.substring(colon + 1);
        if (port.length() > 5 || !allIn(port, DIGITS) || name.isEmpty()
                || !(literal ? name.length() > 2 && name.endsWith("]") && allIn(name.substring(1, name.length() - 1), IP_LITERAL)
                        : allIn(name, REG_NAME))) {
            return null;
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        boolean defaultPort = port.isEmpty() || scheme.equals("http") && port.equals("80") || scheme.equals("https") && port.equals("443");
        return defaultPort ? name : name + ":" + port;
    }

    private static final boolean[] REG_NAME = allowed("abcdefghijklmnopqrstuvwxyz0123456789._~!$&'()*+,;=%-");
    private static final boolean[] IP_LITERAL = allowed("0123456789abcdef:.");
    private static final boolean[] DIGITS = allowed("0123456789");

    private static boolean[] allowed(String chars) {
        boolean[] table = new boolean[128];
        chars.chars().forEach(c -> table[c] = true);
        return table;
    }

    private static boolean allIn(String s, boolean[] allowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !allowed[c]) {
                return false;
            }
        }
        return true;
    }
}
