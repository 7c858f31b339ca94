package dev.popnet.simulator.workload;

import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * How the request rate changes over the day: rate(t) = base × (1 + amplitude × sin(2π (t − peak + period/4) / period)),
 * so the rate peaks at {@code peak} into each period.
 */
public record ArrivalShape(double amplitude, Duration period, Duration peak) {
    public ArrivalShape {
        Check.that(amplitude >= 0 && amplitude < 1, "amplitude", amplitude, "must be in [0, 1)");
        period = period == null ? Duration.ofHours(24) : Check.positive("period", period);
        peak = peak == null ? Duration.ofHours(20) : Check.nonNegative("peak", peak);
    }

    public static ArrivalShape flat() {
        return new ArrivalShape(0, Duration.ofHours(24), Duration.ofHours(20));
    }

    /** Multiplier of the base rate at time t; never above {@link #maxFactor()}. */
    public double factor(long tNanos) {
        if (amplitude == 0) {
            return 1;
        }
        double phase = (double) (tNanos - peak.toNanos()) / period.toNanos() + 0.25;
        return 1 + amplitude * Math.sin(2 * Math.PI * phase);
    }

    public double maxFactor() {
        return 1 + amplitude;
    }
}
