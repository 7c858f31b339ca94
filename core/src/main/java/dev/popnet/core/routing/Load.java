package dev.popnet.core.routing;

/** A target's load: requests and bits per second it serves. */
public record Load(double requestsPerSecond, double bitsPerSecond) {
    public static final Load IDLE = new Load(0, 0);

    /** Cumulative counters at a time, as an edge's /stats reports them (requests, bytes_out). */
    public record Counters(long atNanos, long requests, long bytesOut) {
    }

    /** The rate between two readings of the same counters; null when they cannot tell (no time passed, or a restart reset them). */
    public static Load between(Counters earlier, Counters later) {
        long nanos = later.atNanos() - earlier.atNanos();
        long requests = later.requests() - earlier.requests();
        long bytes = later.bytesOut() - earlier.bytesOut();
        if (nanos <= 0 || requests < 0 || bytes < 0) {
            return null;
        }
        double seconds = nanos / 1e9;
        return new Load(requests / seconds, bytes * 8 / seconds);
    }

    public Load plus(Load other) {
        return new Load(requestsPerSecond + other.requestsPerSecond, bitsPerSecond + other.bitsPerSecond);
    }
}
