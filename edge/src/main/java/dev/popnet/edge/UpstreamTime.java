package dev.popnet.edge;

/**
 * Time one client request spent waiting for upstream answers, for its access log line. Each request is
 * handled on one event loop, so a plain field is enough.
 */
final class UpstreamTime {
    private long nanos = -1;

    void add(long fetchNanos) {
        nanos = nanos < 0 ? fetchNanos : nanos + fetchNanos;
    }

    /** Nanoseconds waited upstream, or -1 when the request fetched nothing. */
    long total() {
        return nanos;
    }
}
