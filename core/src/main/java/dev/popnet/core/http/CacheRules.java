package dev.popnet.core.http;

import java.util.Locale;
import java.util.Set;

/**
 * RFC 9111 for a shared cache, as pure functions of the request, the response and {@code now}
 * (epoch milliseconds). The edge and the simulator call these; nothing here reads a clock.
 */
public final class CacheRules {
    /** §4.2.2: statuses that may be cached with heuristic freshness. */
    public static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

    private CacheRules() {
    }

    /** How a stored response may be used for a request. */
    public enum Use {
        /** Fresh: serve it. */
        FRESH,
        /** Stale but the request's max-stale accepts it. */
        STALE_ACCEPTED,
        /** Stale within stale-while-revalidate: serve it and refresh in the background. */
        STALE_WHILE_REVALIDATE,
        /** Must be validated with the origin first. */
        VALIDATE
    }

    /** The directives that govern this cache: CDN-Cache-Control when present (RFC 9213 §2), else Cache-Control. */
    public static CacheControl responseDirectives(Headers response) {
        String cdn = response.get("CDN-Cache-Control");
        return cdn != null ? CacheControl.parse(cdn) : CacheControl.parse(response.get("Cache-Control"));
    }

    /** §3: null when a shared cache may store the response, else the reason it may not. */
    public static NoCacheReason storability(String method, Headers request, int status, Headers response, long size, long maxSize) {
        if (!"GET".equals(method)) {
            return NoCacheReason.METHOD;
        }
        if (CacheControl.parse(request.get("Cache-Control")).has("no-store")) {
            return NoCacheReason.REQUEST_NO_STORE; // §5.2.1.5
        }
        CacheControl cc = CacheControl.parse(response.get("Cache-Control"));
        CacheControl governing = responseDirectives(response);
        if (governing.has("no-store") || cc.has("no-store")) {
            return NoCacheReason.NO_STORE; // §5.2.2.5
        }
        if (cc.has("private")) {
            return NoCacheReason.PRIVATE; // §5.2.2.7: a shared cache must not store it
        }
        if (request.get("Authorization") != null && !(cc.has("public") || cc.has("s-maxage") || cc.has("must-revalidate"))) {
            return NoCacheReason.AUTHORIZATION; // §3.5
        }
        if (response.get("Set-Cookie") != null && !cc.has("public")) {
            return NoCacheReason.SET_COOKIE; // one user's cookie must not reach another
        }
        String vary = response.get("Vary");
        if (vary != null && vary.contains("*")) {
            return NoCacheReason.VARY_STAR; // §4.1: never matches
        }
        if (maxSize >= 0 && size > maxSize) {
            return NoCacheReason.TOO_LARGE;
        }
        boolean explicit = governing.seconds("max-age") >= 0 || governing.seconds("s-maxage") >= 0 || cc.has("public")
                || response.get("Expires") != null;
        if (!explicit && !HEURISTICALLY_CACHEABLE.contains(status)) {
            return NoCacheReason.STATUS; // §3: explicit freshness or a heuristically cacheable status
        }
        if (status >= 500 && !explicit) {
            return NoCacheReason.STATUS;
        }
        return null;
    }

    /**
     * §4.2.1 freshness lifetime in seconds: CDN-Cache-Control, then s-maxage, then max-age, then
     * Expires minus Date, then (§4.2.2) 10% of the time since Last-Modified, capped.
     */
    public static long freshnessLifetime(Headers response, int status, long heuristicCapSeconds) {
        CacheControl cdn = CacheControl.parse(response.get("CDN-Cache-Control"));
        if (!cdn.isEmpty()) {
            long v = cdn.seconds("s-maxage") >= 0 ? cdn.seconds("s-maxage") : cdn.seconds("max-age");
            if (v >= 0) {
                return v;
            }
        }
        CacheControl cc = CacheControl.parse(response.get("Cache-Control"));
        if (cc.seconds("s-maxage") >= 0) {
            return cc.seconds("s-maxage");
        }
        if (cc.seconds("max-age") >= 0) {
            return cc.seconds("max-age");
        }
        String expires = response.get("Expires");
        if (expires != null) {
            long exp = HttpDates.parse(expires);
            long date = HttpDates.parse(response.get("Date"));
            return exp < 0 || date < 0 ? 0 : Math.max(0, (exp - date) / 1000); // §5.3: invalid means already expired
        }
        long lastModified = HttpDates.parse(response.get("Last-Modified"));
        long date = HttpDates.parse(response.get("Date"));
        if (lastModified >= 0 && date >= lastModified && (HEURISTICALLY_CACHEABLE.contains(status) || cc.has("public"))) {
            return Math.min(heuristicCapSeconds, (date - lastModified) / 1000 / 10);
        }
        return 0;
    }

    /** §4.2.3 current age in seconds of a response received at {@code responseTime}, asked for at {@code requestTime}. */
    public static long currentAge(Headers response, long requestTimeMillis, long responseTimeMillis, long nowMillis) {
        long residentTime = Math.max(0, nowMillis - responseTimeMillis);
        return (correctedInitialAgeMillis(response, requestTimeMillis, responseTimeMillis) + residentTime) / 1000;
    }

    /** §4.2.3 corrected_initial_age in milliseconds: fixed once a response is received, so caches compute it once. */
    public static long correctedInitialAgeMillis(Headers response, long requestTimeMillis, long responseTimeMillis) {
        long date = HttpDates.parse(response.get("Date"));
        long apparentAge = date < 0 ? 0 : Math.max(0, responseTimeMillis - date);
        long ageValue = parseAge(response.get("Age")) * 1000;
        long responseDelay = Math.max(0, responseTimeMillis - requestTimeMillis);
        return Math.max(apparentAge, ageValue + responseDelay);
    }

    private static long parseAge(String age) {
        if (age == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(age.trim()));
        } catch (NumberFormatException e) {
            return 0; // §5.1: an invalid Age is ignored
        }
    }

    /** §4.2, §4.2.4, §5.2.1, §5.2.2 and RFC 5861: may the stored response answer this request now? */
    public static Use use(Headers request, Headers response, long ageSeconds, long lifetimeSeconds) {
        CacheControl req = CacheControl.parse(request.get("Cache-Control"));
        CacheControl res = responseDirectives(response);
        CacheControl resCc = CacheControl.parse(response.get("Cache-Control"));
        boolean pragmaNoCache = request.get("Cache-Control") == null
                && request.get("Pragma") != null && request.get("Pragma").toLowerCase(Locale.ROOT).contains("no-cache");
        if (req.has("no-cache") || pragmaNoCache || res.has("no-cache") || resCc.has("no-cache")) {
            return Use.VALIDATE; // §5.2.1.4, §5.4, §5.2.2.4
        }
        if (req.seconds("max-age") >= 0 && ageSeconds > req.seconds("max-age")) {
            return Use.VALIDATE; // §5.2.1.1
        }
        if (req.seconds("min-fresh") >= 0 && lifetimeSeconds - ageSeconds < req.seconds("min-fresh")) {
            return Use.VALIDATE; // §5.2.1.3
        }
        if (ageSeconds < lifetimeSeconds) {
            return Use.FRESH; // §4.2
        }
        long staleness = ageSeconds - lifetimeSeconds;
        if (res.has("must-revalidate") || res.has("proxy-revalidate") || res.seconds("s-maxage") >= 0
                || resCc.has("must-revalidate") || resCc.has("proxy-revalidate") || resCc.seconds("s-maxage") >= 0) {
            return Use.VALIDATE; // §5.2.2.2, §5.2.2.8, §5.2.2.10: never serve stale
        }
        String maxStale = req.value("max-stale");
        if (maxStale != null && (maxStale.isEmpty() || req.seconds("max-stale") >= staleness)) {
            return Use.STALE_ACCEPTED; // §5.2.1.2
        }
        long swr = res.seconds("stale-while-revalidate");
        if (swr >= 0 && staleness <= swr) {
            return Use.STALE_WHILE_REVALIDATE; // RFC 5861 §3
        }
        return Use.VALIDATE;
    }

    /** RFC 5861 §4: may a stale response be served because the origin failed? */
    public static boolean staleIfError(Headers request, Headers response, long ageSeconds, long lifetimeSeconds) {
        CacheControl res = responseDirectives(response);
        CacheControl resCc = CacheControl.parse(response.get("Cache-Control"));
        if (res.has("must-revalidate") || res.has("proxy-revalidate") || resCc.has("must-revalidate") || resCc.has("proxy-revalidate")) {
            return false;
        }
        long staleness = Math.max(0, ageSeconds - lifetimeSeconds);
        long allowed = Math.max(res.seconds("stale-if-error"), CacheControl.parse(request.get("Cache-Control")).seconds("stale-if-error"));
        return allowed >= 0 && staleness <= allowed;
    }

    /** §4.4: a successful unsafe request invalidates what is stored for its target (and Location/Content-Location). */
    public static boolean invalidates(String method, int status) {
        boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE");
        return !safe && status >= 200 && status < 400;
    }

    /** §4.1: the request header values named by Vary, normalised; null for {@code Vary: *}. */
    public static String varyKey(String vary, Headers request) {
        if (vary == null || vary.isBlank()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String n : vary.split(",")) {
            String name = n.trim().toLowerCase(Locale.ROOT);
            if (name.equals("*")) {
                return null;
            }
            if (!name.isEmpty() && !names.contains(name)) {
                names.add(name);
            }
        }
        java.util.Collections.sort(names);
        for (String name : names) {
            String v = request.get(name);
            sb.append(name).append('=').append(v == null ? "" : v.trim().replaceAll("\\s+", " ")).append('\n');
        }
        return sb.toString();
    }
}
