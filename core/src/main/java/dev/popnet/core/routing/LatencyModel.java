package dev.popnet.core.routing;

import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * Round-trip time between two places when no measurement says otherwise: a fixed part plus distance
 * over the speed of light in fibre with typical path stretch (about 100 km per ms of RTT).
 */
public record LatencyModel(Duration baseRtt, double kmPerMs) {
    public LatencyModel {
        baseRtt = baseRtt == null ? Duration.ofMillis(2) : Check.nonNegative("base-rtt", baseRtt);
        kmPerMs = kmPerMs == 0 ? 100 : kmPerMs;
        Check.that(kmPerMs > 0, "km-per-ms", kmPerMs, "must be positive");
    }

    public static LatencyModel defaults() {
        return new LatencyModel(Duration.ofMillis(2), 100);
    }

    public double rttMs(GeoPoint a, GeoPoint b) {
        return baseRtt.toNanos() / 1e6 + a.distanceKm(b) / kmPerMs;
    }
}
