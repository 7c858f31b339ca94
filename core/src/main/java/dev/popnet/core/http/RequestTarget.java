package dev.popnet.core.http;

import java.util.Locale;
import java.util.Set;

/**
 * A request target in origin form, parsed strictly and normalised once (RFC 3986 §6.2.2): percent-escapes
 * in upper case, unreserved characters decoded, dot segments removed, characters that are not allowed
 * escaped. Query parameters keep their order and duplicates. What this holds is what the origin is sent
 * and what the cache key is built from, so the two never disagree.
 *
 * @param path  starts with {@code /}
 * @param query without the {@code ?}, or null when there is none
 */
public record RequestTarget(String path, String query) {

    /** Thrown for a target that cannot be one: the request gets 400 with this message. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** Parses an origin-form target ({@code /path?query}). */
    public static RequestTarget parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            throw new Invalid("the request target must start with /");
        }
        if (alreadyNormal(raw)) {
            int q = raw.indexOf('?');
            return q < 0 ? new RequestTarget(raw, null) : new RequestTarget(raw.substring(0, q), raw.substring(q + 1));
        }
        int q = raw.indexOf('?');
        String path = normalise(q < 0 ? raw : raw.substring(0, q), false);
        String query = q < 0 ? null : normalise(raw.substring(q + 1), true);
        return new RequestTarget(removeDotSegments(path), query);
    }

    /** The target as sent upstream: {@code path} or {@code path?query}. */
    public String value() {
        return query == null ? path : path + "?" + query;
    }

    @Override
    public String toString() {
        return value();
    }

    /**
     * Without the query parameters named in {@code ignored} (compared after normalisation). Parameters
     * are separated by {@code &} or {@code ;}, as common origins read them, so no parameter an origin
     * reads hides inside an ignored one; the others keep their order, duplicates and separators.
     */
    public RequestTarget without(Set<String> ignored, boolean wholeQuery) {
        if (query == null || !wholeQuery && ignored.isEmpty()) {
            return this;
        }
        if (wholeQuery) {
            return new RequestTarget(path, null);
        }
        if (ignored.stream().noneMatch(query::contains)) {
            return this;
        }
        StringBuilder kept = new StringBuilder();
        boolean none = true;
        int start = 0;
        for (int i = 0; i <= query.length(); i++) {
            if (i == query.length() || query.charAt(i) == '&' || query.charAt(i) == ';') {
                String member = query.substring(start, i);
                int eq = member.indexOf('=');
                if (!ignored.contains(eq < 0 ? member : member.substring(0, eq))) {
                    if (!none) {
                        kept.append(query.charAt(start - 1));
                    }
                    kept.append(member);
                    none = false;
                }
                start = i + 1;
            }
        }
        return new RequestTarget(path, none ? null : kept.toString());
    }

    private static String normalise(String s, boolean query) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new Invalid("malformed percent-escape in the request target");
                }
                char decoded = (char) (hi * 16 + lo);
                if (unreserved(decoded)) {
                    sb.append(decoded);
                } else {
                    sb.append('%').append(s.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else if (c <= 0x20 || c == 0x7f) {
                throw new Invalid("control character or space in the request target");
            } else if (c == '#') {
                throw new Invalid("a request target has no fragment");
            } else if (c == '?' && !query) {
                throw new Invalid("malformed request target");
            } else if (c > 0xff) {
                throw new Invalid("the request target is not ASCII");
            } else if (unreserved(c) || "!$&'()*+,;=:@/".indexOf(c) >= 0 || query && c == '?') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16))); // not allowed raw: escape it
            }
        }
        return sb.toString();
    }

    /** The common case, checked in one pass: no escapes, no dot segments, only characters allowed raw. */
    private static boolean alreadyNormal(String raw) {
        boolean query = false;
        char previous = '/';
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '?') {
                query = true;
            } else if (c == '.' && previous == '/' && !query || !(unreserved(c) || "!$&'()*+,;=:@/".indexOf(c) >= 0)) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 §5.2.4, on a path whose unreserved escapes (%2E) are already decoded. */
    static String removeDotSegments(String path) {
        if (!path.contains(".")) {
            return path;
        }
        StringBuilder out = new StringBuilder();
        String in = path;
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../")) {
                in = in.substring(3);
                out.setLength(Math.max(0, out.lastIndexOf("/")));
            } else if (in.equals("/..")) {
                in = "/";
                out.setLength(Math.max(0, out.lastIndexOf("/")));
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int next = in.indexOf('/', 1);
                String segment = next < 0 ? in : in.substring(0, next);
                out.append(segment);
                in = next < 0 ? "" : in.substring(next);
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
