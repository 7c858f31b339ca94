package dev.popnet.core.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The primary cache key: scheme, host, path and query, normalised so that spellings of one URL share an
 * entry (host case and default port, percent-encoding case, unreserved characters decoded, query
 * parameters sorted, chosen parameters ignored). Only the Host header is keyed; other headers never
 * reach the key, so they cannot poison it.
 */
public record CacheKey(String value) {

    public static CacheKey of(String scheme, String host, String rawPathAndQuery, Set<String> ignoredParams, boolean ignoreAllParams) {
        String s = scheme.toLowerCase(Locale.ROOT);
        String h = normaliseHost(s, host);
        int q = rawPathAndQuery.indexOf('?');
        String path = normaliseEncoding(q < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, q));
        String query = q < 0 || ignoreAllParams ? "" : normaliseQuery(rawPathAndQuery.substring(q + 1), ignoredParams);
        return new CacheKey(s + "://" + h + (path.isEmpty() ? "/" : path) + (query.isEmpty() ? "" : "?" + query));
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

    static String normaliseHost(String scheme, String host) {
        if (host == null || host.isBlank()) {
            return "";
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (scheme.equals("http") && h.endsWith(":80")) {
            h = h.substring(0, h.length() - 3);
        } else if (scheme.equals("https") && h.endsWith(":443")) {
            h = h.substring(0, h.length() - 4);
        }
        return h;
    }

    /** RFC 3986 §6.2.2: uppercase escapes, decode unreserved characters. */
    static String normaliseEncoding(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                int v = Integer.parseInt(s.substring(i + 1, i + 3), 16);
                if (Character.isLetterOrDigit(v) && v < 128 || v == '-' || v == '.' || v == '_' || v == '~') {
                    sb.append((char) v);
                } else {
                    sb.append('%').append(s.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String normaliseQuery(String query, Set<String> ignored) {
        List<String> params = new ArrayList<>();
        for (String p : query.split("&")) {
            if (p.isEmpty()) {
                continue;
            }
            String name = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
            if (!ignored.contains(name)) {
                params.add(normaliseEncoding(p));
            }
        }
        Collections.sort(params);
        return String.join("&", params);
    }
}
