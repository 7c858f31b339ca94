package dev.popnet.edge;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * Time a request spent waiting for upstream answers, for its access log line. Vert.x runs each
 * request on a context of its own (a duplicate of the event loop's) that origin callbacks inherit, so
 * the request's total sits in that context's local data: origin fetches add to it wherever they are
 * timed, and the access log reads it when the response ends.
 */
final class UpstreamTime {
    private static final Object KEY = new Object();

    private UpstreamTime() {
    }

    /** Starts counting for the request whose context is current. */
    static void begin() {
        if (Vertx.currentContext() instanceof ContextInternal c && c.isDuplicate()) {
            c.putLocal(KEY, new long[] {-1});
        }
    }

    static void add(long nanos) {
        if (Vertx.currentContext() instanceof ContextInternal c && c.isDuplicate() && c.getLocal(KEY) instanceof long[] total) {
            total[0] = total[0] < 0 ? nanos : total[0] + nanos;
        }
    }

    /** Nanoseconds waited upstream by the current request, or -1 when it fetched nothing. */
    static long total() {
        return Vertx.currentContext() instanceof ContextInternal c && c.getLocal(KEY) instanceof long[] total ? total[0] : -1;
    }
}
