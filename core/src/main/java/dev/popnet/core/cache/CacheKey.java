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
        int colon = h.startsWith("[") ? h.indexOf(':', h.indexOf(']')) : h.lastIndexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        String port = colon < 0 ? "" : h.substring(colon + 1);
        if (!port.matches("[0-9]{0,5}") || !(name.matches("[a-z0-9._~!$&'()*+,;=%-]+") || name.matches("\\[[0-9a-f:.]+\\]"))) {
            return null;
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        boolean defaultPort = port.isEmpty() || scheme.equals("http") && port.equals("80") || scheme.equals("https") && port.equals("443");
        return defaultPort ? name : name + ":" + port;
    }
}
