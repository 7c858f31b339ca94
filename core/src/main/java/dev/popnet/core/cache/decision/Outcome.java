package dev.popnet.core.cache.decision;

import dev.popnet.core.http.CacheStatus;
import java.util.List;

/**
 * What follows from an upstream answer, for the driver to carry out.
 *
 * @param status      how the request that sent it is answered: MISS or EXPIRED (relay the answer, which
 *                    {@code store} holds when storable), REVALIDATED or STALE (answer from {@code serve}),
 *                    BYPASS (relay the answer; or, with {@code errorStatus}, an error)
 * @param errorStatus 502 or 504 when nothing could be served, else 0
 * @param serve       the stored response to answer from (REVALIDATED, STALE), else null
 * @param store       what to put in the store under the key (a new or freshened response), else null
 * @param drop        remove what is stored under the key (superseded by an answer that may not be stored)
 * @param invalidate  §4.4: remove the target URI and its Location/Content-Location from the store
 * @param why         why the answer was not stored (for {@code Cache-Status: detail=}), else null
 * @param unreachable STALE only because the upstream could not be reached (RFC 9111 §4.2.4, the
 *                    stale-if-unreachable setting), not by the response's own stale-if-error
 * @param waiters     the requests that waited for this answer, each with its own way on
 */
public record Outcome<K, W>(CacheStatus status, int errorStatus, Stored serve, Stored store, boolean drop, boolean invalidate,
        dev.popnet.core.http.NoCacheReason why, boolean unreachable, List<Waiter<K, W>> waiters) {

    /**
     * A request that waited for another's fetch.
     *
     * @param status      COLLAPSED or STALE (answer from {@code serve}); MISS (fetch on its own: {@code alone}
     *                    is the step to send); BYPASS with {@code errorStatus} (the fetch failed)
     */
    public record Waiter<K, W>(W who, CacheStatus status, int errorStatus, Stored serve, Step<K, W> alone) {
    }

    Outcome<K, W> withWaiters(List<Waiter<K, W>> w) {
        return new Outcome<>(status, errorStatus, serve, store, drop, invalidate, why, unreachable, w);
    }

    /** What to answer from: {@code serve}, else the stored copy of the answer. */
    public Stored answerFrom() {
        return serve != null ? serve : store;
    }
}
