package dev.popnet.simulator.scenario;

import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * What one edge node can do and how it caches. Each request takes one core for
 * {@code cpu-per-request + size × cpu-per-mib}; when every core is busy it queues (first come, first
 * served), and a request that would wait longer than {@code max-queue-wait} is refused (503).
 *
 * @param coalesce      concurrent fetches of one object wait for the first (as the live edge does)
 * @param heuristicCap  cap on heuristic freshness (RFC 9111 §4.2.2)
 * @param maxObjectSize larger bodies are passed through, not stored ("64MiB"; 0: no limit)
 */
public record EdgeSpec(int cores, Duration cpuPerRequest, Duration cpuPerMib, Duration maxQueueWait, Boolean coalesce,
        Duration heuristicCap, long maxObjectSize) {
    public EdgeSpec {
        cores = cores == 0 ? 4 : cores;
        Check.that(cores >= 1, "cores", cores, "must be at least 1");
        cpuPerRequest = cpuPerRequest == null ? Duration.ofNanos(50_000) : Check.nonNegative("cpu-per-request", cpuPerRequest);
        cpuPerMib = cpuPerMib == null ? Duration.ofMillis(1) : Check.nonNegative("cpu-per-mib", cpuPerMib);
        maxQueueWait = maxQueueWait == null ? Duration.ofSeconds(2) : Check.positive("max-queue-wait", maxQueueWait);
        coalesce = coalesce == null ? Boolean.TRUE : coalesce;
        heuristicCap = heuristicCap == null ? Duration.ofDays(1) : Check.nonNegative("heuristic-cap", heuristicCap);
        Check.nonNegative("max-object-size", maxObjectSize);
    }

    public static EdgeSpec defaults() {
        return new EdgeSpec(0, null, null, null, null, null, 0);
    }

    /** Nanoseconds of one core that a response of {@code bytes} takes. */
    public long serviceNanos(long bytes) {
        return cpuPerRequest.toNanos() + Math.round(bytes * (cpuPerMib.toNanos() / 1048576.0));
    }

    /** The decision machine's limit: -1 for none. */
    public long maxObjectBytes() {
        return maxObjectSize == 0 ? -1 : maxObjectSize;
    }
}
