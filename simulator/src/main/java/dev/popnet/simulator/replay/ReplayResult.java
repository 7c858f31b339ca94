package dev.popnet.simulator.replay;

/** One cache replayed over a request sequence. */
public record ReplayResult(String policy, long capacity, long requests, long hits, long bytes, long hitBytes, double wallSeconds) {
    public double hitRatio() {
        return requests == 0 ? 0 : (double) hits / requests;
    }

    public double byteHitRatio() {
        return bytes == 0 ? 0 : (double) hitBytes / bytes;
    }

    public double requestsPerSecond() {
        return requests / Math.max(1e-9, wallSeconds);
    }
}
