package dev.popnet.core.cache.decision;

import dev.popnet.core.http.CacheControl;
import dev.popnet.core.http.Headers;

/**
 * A request as the cache decisions see it: its method and headers, and what matters about them read
 * once. {@link #GET} is a GET with no directives of its own, the simulator's every request.
 *
 * @param plain        a GET without Cache-Control, Pragma, Authorization, Range or conditionals: the
 *                     rules for it depend on the stored response alone, so answers can be reused
 * @param forwardAsIs  HEAD, Range or conditional: answered from a stored full response, but on a miss
 *                     forwarded as it is and not stored
 * @param onlyIfCached §5.2.1.7: a miss is answered 504, not fetched
 */
public record RequestView(String method, Headers headers, boolean plain, boolean forwardAsIs, boolean onlyIfCached) {
    public static final RequestView GET = new RequestView("GET", Headers.NONE, true, false, false);

    public static RequestView of(String method, Headers headers) {
        String cc = headers.get("Cache-Control");
        boolean conditional = headers.get("If-None-Match") != null || headers.get("If-Modified-Since") != null
                || headers.get("If-Match") != null || headers.get("If-Unmodified-Since") != null;
        boolean forward = "HEAD".equals(method) || headers.get("Range") != null || conditional;
        boolean plain = "GET".equals(method) && !forward && cc == null && headers.get("Pragma") == null
                && headers.get("Authorization") == null;
        return new RequestView(method, headers, plain, forward, cc != null && CacheControl.parse(cc).has("only-if-cached"));
    }

    /**
     * As a cache that fills from every GET or HEAD sees it (nginx does; so does the edge): a HEAD or a
     * conditional request that misses is fetched as a plain GET and stored, the cache answering the
     * method or the preconditions itself; only a Range miss is forwarded as it is.
     */
    public static RequestView filling(String method, Headers headers) {
        if (!"HEAD".equals(method) && !"GET".equals(method)) {
            return of(method, headers);
        }
        String cc = headers.get("Cache-Control");
        boolean range = headers.get("Range") != null;
        boolean plain = !range && cc == null && headers.get("Pragma") == null && headers.get("Authorization") == null;
        return new RequestView("GET", headers, plain, range, cc != null && CacheControl.parse(cc).has("only-if-cached"));
    }

    /** GET and HEAD may be answered from the store; every other method passes through (§4.4). */
    public boolean readsStore() {
        return "GET".equals(method) || "HEAD".equals(method);
    }
}
