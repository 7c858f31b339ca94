package dev.popnet.core.cache.decision;

import dev.popnet.core.http.CacheStatus;

/**
 * What the driver does next with a request, as {@link CacheMachine#request} decided it. Steps that
 * send something upstream are handed back with the answer to {@link CacheMachine#answered}.
 *
 * @param stored  the stored response to serve (SERVE) or to validate (REVALIDATE), else null
 * @param status  for SERVE: HIT or STALE
 * @param refresh for a stale-while-revalidate SERVE that started one: the background revalidation to
 *                send (a REVALIDATE with nobody waiting), else null
 */
public record Step<K, W>(Kind kind, K key, RequestView request, Stored stored, CacheStatus status, Step<K, W> refresh,
        CacheMachine.Flight<K, W> flight) {

    public enum Kind {
        /** Answer from {@code stored} now. */
        SERVE,
        /** Fetch the full response upstream (a miss, or a request that must not use the stored one). */
        FETCH,
        /** Send a conditional request built from {@code stored}'s validators. */
        REVALIDATE,
        /** Another request is fetching this key: the waiter comes back in that fetch's {@link Outcome}. */
        WAIT,
        /** Forward as it is; nothing is stored (other methods, HEAD/Range/conditional misses). */
        PASS,
        /** 504: not stored and the request said only-if-cached (§5.2.1.7). */
        REJECT
    }

    /** Whether this step sends something upstream whose answer goes back to {@link CacheMachine#answered}. */
    public boolean goesUpstream() {
        return kind == Kind.FETCH || kind == Kind.REVALIDATE || kind == Kind.PASS;
    }
}
