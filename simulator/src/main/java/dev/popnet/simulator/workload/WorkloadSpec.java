package dev.popnet.simulator.workload;

import dev.popnet.core.config.Check;
import dev.popnet.simulator.trace.TraceSpec;
import java.util.List;

/**
 * What clients ask for: either a synthetic Zipf workload (objects, alpha, sizes, rate, shape, flash
 * crowds) or, when {@code trace} is set, the requests of a trace file.
 *
 * @param rate requests per second across all client regions (synthetic only)
 */
public record WorkloadSpec(long objects, double alpha, SizeDistribution sizes, double rate, ArrivalShape shape,
        List<FlashCrowd> flashCrowds, TraceSpec trace) {

    public WorkloadSpec {
        objects = objects == 0 ? 100_000 : Check.positive("objects", objects);
        alpha = alpha == 0 ? 0.9 : alpha;
        Check.that(alpha > 0, "alpha", alpha, "must be positive");
        sizes = sizes == null ? new SizeDistribution.Fixed(1) : sizes;
        rate = rate == 0 ? 1000 : rate;
        Check.that(rate > 0, "rate", rate, "must be positive (requests per second)");
        shape = shape == null ? ArrivalShape.flat() : shape;
        flashCrowds = flashCrowds == null ? List.of() : List.copyOf(flashCrowds);
    }

    public static WorkloadSpec defaults() {
        return new WorkloadSpec(100_000, 0.9, new SizeDistribution.LogNormal(32 * 1024, 1.0, 64L << 20), 2000,
                ArrivalShape.flat(), List.of(), null);
    }

    public static WorkloadSpec zipf(long objects, double alpha, long fixedSize) {
        return new WorkloadSpec(objects, alpha, new SizeDistribution.Fixed(fixedSize), 1000, ArrivalShape.flat(), List.of(), null);
    }

    public WorkloadSpec withAlpha(double newAlpha) {
        return new WorkloadSpec(objects, newAlpha, sizes, rate, shape, flashCrowds, trace);
    }
}
