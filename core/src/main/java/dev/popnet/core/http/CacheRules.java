package dev.popnet.core.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * RFC 9111 for a shared cache, as pure functions of the request, the response and {@code now}
 * (epoch milliseconds). The edge and the simulator call these; nothing here reads a clock. List-valued
 * fields are read with every line combined ({@link Headers#list}), singletons from their first line.
 */
public final class CacheRules {
    /** §4.2.2: statuses that may be cached with heuristic freshness. */
    public static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);
    /** §5.2.2.3: statuses whose caching rules this cache implements, for {@code must-understand}. */
    private static final Set<Integer> UNDERSTOOD = Set.of(200, 203, 204, 300, 301, 302, 303, 307, 308, 404, 405, 410, 414, 501);

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

    /**
     * The directives that govern this cache: a valid, non-empty CDN-Cache-Control (RFC 9213 §2.1), else
     * Cache-Control. With CDN-Cache-Control, Cache-Control and Expires are ignored altogether.
     */
    public static CacheControl responseDirectives(Headers response) {
        CacheControl cdn = CacheControl.parseTargeted(response.list("CDN-Cache-Control"));
        return cdn != null ? cdn : CacheControl.parse(response.list("Cache-Control"));
    }

    private static boolean targeted(Headers response) {
        return CacheControl.parseTargeted(response.list("CDN-Cache-Control")) != null;
    }

    /** §3: null when a shared cache may store the response, else the reason it may not. */
    public static NoCacheReason storability(String method, Headers request, int status, Headers response, long size, long maxSize) {
        if (!"GET".equals(method)) {
            return NoCacheReason.METHOD;
        }
        if (status < 200) {
            return NoCacheReason.STATUS; // §3: only final responses
        }
        if (CacheControl.parse(request.list("Cache-Control")).has("no-store")) {
            return NoCacheReason.REQUEST_NO_STORE; // §5.2.1.5
        }
        CacheControl cc = responseDirectives(response);
        if (cc.has("must-understand") && !UNDERSTOOD.contains(status)) {
            return NoCacheReason.STATUS; // §5.2.2.3
        }
        if (cc.has("no-store") && !(cc.has("must-understand") && UNDERSTOOD.contains(status))) {
            return NoCacheReason.NO_STORE; // §5.2.2.5 (§5.2.2.3: must-understand overrides it for known statuses)
        }
        if (cc.has("private")) {
            return NoCacheReason.PRIVATE; // §5.2.2.7: a shared cache must not store it
        }
        if (request.get("Authorization") != null && !(cc.has("public") || cc.has("s-maxage") || cc.has("must-revalidate"))) {
            return NoCacheReason.AUTHORIZATION; // §3.5
        }
        if (response.get("Set-Cookie") != null && !cc.has("public")) {
            return NoCacheReason.SET_COOKIE; // stored only when public, and then without the cookie
        }
        if (varyNames(response.list("Vary")) == null) {
            return NoCacheReason.VARY_STAR; // §4.1: never matches
        }
        if (maxSize >= 0 && size > maxSize) {
            return NoCacheReason.TOO_LARGE;
        }
        boolean explicit = cc.has("max-age") || cc.has("s-maxage") || cc.has("public")
                || !targeted(response) && response.get("Expires") != null;
        if (!explicit && !HEURISTICALLY_CACHEABLE.contains(status)) {
            return NoCacheReason.STATUS; // §3: explicit freshness or a heuristically cacheable status
        }
        if (status >= 500 && !explicit) {
            return NoCacheReason.STATUS;
        }
        return null;
    }

    /**
     * §4.2.1 freshness lifetime in seconds: s-maxage, then max-age (of CDN-Cache-Control when it governs),
     * then Expires minus Date, then (§4.2.2) 10% of the time since Last-Modified, capped. Invalid
     * freshness information (a malformed max-age, an invalid or repeated Expires) means stale.
     */
    public static long freshnessLifetime(Headers response, int status, long heuristicCapSeconds) {
        CacheControl cc = responseDirectives(response);
        for (String directive : new String[] {"s-maxage", "max-age"}) {
            if (cc.seconds(directive) >= 0) {
                return cc.seconds(directive);
            }
            if (cc.malformed(directive)) {
                return 0; // §4.2.1: caches are encouraged to treat invalid freshness information as stale
            }
        }
        long date = HttpDates.parse(response.get("Date"));
        String expires = targeted(response) ? null : response.get("Expires");
        if (expires != null) {
            long exp = HttpDates.parse(expires);
            boolean repeated = !Objects.equals(expires, response.list("Expires"));
            return exp < 0 || date < 0 || repeated ? 0 : Math.max(0, (exp - date) / 1000); // §5.3: invalid means already expired
        }
        long lastModified = HttpDates.parse(response.get("Last-Modified"));
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
        long ageValue = ageSeconds(response) * 1000;
        long responseDelay = Math.max(0, responseTimeMillis - requestTimeMillis);
        return Math.max(apparentAge, ageValue + responseDelay);
    }

    /**
     * §5.1 the Age value in seconds: the first member when it came as a list, 0 when invalid (ignored:
     * not a non-negative integer), at most 2^31 (§1.2.2).
     */
    public static long ageSeconds(Headers response) {
        String first = FieldValues.first(response.list("Age"));
        if (first == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            n = Math.min(CacheControl.MAX_DELTA, n * 10 + (c - '0'));
        }
        return n;
    }

    /** §4.2, §4.2.4, §5.2.1, §5.2.2 and RFC 5861: may the stored response answer this request now? */
    public static Use use(Headers request, Headers response, long ageSeconds, long lifetimeSeconds) {
        return use(request, responseDirectives(response), ageSeconds, lifetimeSeconds);
    }

    /** As {@link #use(Headers, Headers, long, long)}, with the stored response's governing directives parsed once. */
    public static Use use(Headers request, CacheControl res, long ageSeconds, long lifetimeSeconds) {
        CacheControl req = CacheControl.parse(request.list("Cache-Control"));
        if (req.has("no-cache") || pragmaNoCache(request) || res.has("no-cache")) {
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
        if (neverStale(res)) {
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

    /** §5.4: Pragma: no-cache counts only when the request has no Cache-Control. */
    private static boolean pragmaNoCache(Headers request) {
        return request.list("Cache-Control") == null && FieldValues.hasToken(request.list("Pragma"), "no-cache");
    }

    private static boolean neverStale(CacheControl res) {
        return res.has("must-revalidate") || res.has("proxy-revalidate") || res.seconds("s-maxage") >= 0;
    }

    /** RFC 5861 §4: may a stale response be served because the origin failed? */
    public static boolean staleIfError(Headers request, Headers response, long ageSeconds, long lifetimeSeconds) {
        CacheControl res = responseDirectives(response);
        if (res.has("must-revalidate") || res.has("proxy-revalidate")) {
            return false;
        }
        long staleness = Math.max(0, ageSeconds - lifetimeSeconds);
        long allowed = Math.max(res.seconds("stale-if-error"), CacheControl.parse(request.list("Cache-Control")).seconds("stale-if-error"));
        return allowed >= 0 && staleness <= allowed;
    }

    /**
     * §4.2.4: a cache cut off from the origin (it cannot be reached, or drops the connection) may serve a
     * stale response, at most {@code maxStalenessSeconds} past its freshness, unless the response forbids
     * it (must-revalidate, proxy-revalidate, s-maxage, no-cache) or the request asks for validation.
     */
    public static boolean staleIfUnreachable(Headers request, Headers response, long ageSeconds, long lifetimeSeconds, long maxStalenessSeconds) {
        CacheControl res = responseDirectives(response);
        CacheControl req = CacheControl.parse(request.list("Cache-Control"));
        if (neverStale(res) || res.has("no-cache") || req.has("no-cache") || pragmaNoCache(request)) {
            return false;
        }
        return ageSeconds - lifetimeSeconds <= maxStalenessSeconds;
    }

    /** §4.4: a successful unsafe request invalidates what is stored for its target (and Location/Content-Location). */
    public static boolean invalidates(String method, int status) {
        boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE");
        return !safe && status >= 200 && status < 400;
    }

    /** The field names a {@code Vary} value lists, lowercased, sorted and distinct; null for {@code *}. */
    public static List<String> varyNames(String vary) {
        List<String> names = new ArrayList<>();
        for (String member : FieldValues.elements(vary)) {
            String name = member.toLowerCase(Locale.ROOT);
            if (name.equals("*")) {
                return null;
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        Collections.sort(names);
        return names;
    }

    /** §4.1: the request header values named by Vary (each field's lines combined), normalised; null for {@code Vary: *}. */
    public static String varyKey(String vary, Headers request) {
        if (vary == null || vary.isEmpty()) {
            return "";
        }
        List<String> names = varyNames(vary);
        if (names == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String name : names) {
            String v = request.list(name);
            sb.append(name).append('=').append(v == null ? "" : v.strip().replaceAll("\\s+", " ")).append('\n');
        }
        return sb.toString();
    }
}
