package dev.popnet.simulator.replay;

/**
 * One cache replayed over a trace.
 *
 * @param capacityText the capacity as given ({@code 0.01}, {@code 64MiB}); {@code capacity} is in objects or bytes
 * @param cpuSeconds   CPU time of the thread that ran it
 */
public record ReplayResult(String policy, String capacityText, long capacity, long requests, long misses, long bytes,
        long missBytes, long evictions, double cpuSeconds, double wallSeconds) {
    public double missRatio() {
        return requests == 0 ? 0 : (double) misses / requests;
    }

    public double byteMissRatio() {
        return bytes == 0 ? 0 : (double) missBytes / bytes;
    }

    public double hitRatio() {
        return 1 - missRatio();
    }

    public double byteHitRatio() {
        return 1 - byteMissRatio();
    }

    public long hits() {
        return requests - misses;
    }

    public double requestsPerCpuSecond() {
        return requests / Math.max(1e-9, cpuSeconds);
    }
}
