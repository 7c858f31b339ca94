package dev.popnet.simulator.workload;

import dev.popnet.core.config.Check;
import dev.popnet.simulator.trace.TraceSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What clients ask for: either a synthetic Zipf workload (objects, alpha, sizes, rate, shape, flash
 * crowds; or several content classes, each with its own) or, when {@code trace} is set, the requests of
 * a trace file.
 *
 * @param rate    requests per second across all client regions (synthetic only)
 * @param classes content classes; empty means one class of {@code objects}, {@code alpha} and
 *                {@code sizes}, sent with {@link ContentClass#DEFAULT_CACHE_CONTROL}
 */
public record WorkloadSpec(long objects, double alpha, SizeDistribution sizes, double rate, ArrivalShape shape,
        List<FlashCrowd> flashCrowds, TraceSpec trace, List<ContentClass> classes) {

    public WorkloadSpec {
        objects = objects == 0 ? 100_000 : Check.positive("objects", objects);
        alpha = alpha == 0 ? 0.9 : alpha;
        Check.that(alpha > 0, "alpha", alpha, "must be positive");
        sizes = sizes == null ? new SizeDistribution.Fixed(1) : sizes;
        rate = rate == 0 ? 1000 : rate;
        Check.that(rate > 0, "rate", rate, "must be positive (requests per second)");
        shape = shape == null ? ArrivalShape.flat() : shape;
        flashCrowds = flashCrowds == null ? List.of() : List.copyOf(flashCrowds);
        classes = classes == null || classes.isEmpty()
                ? List.of(new ContentClass("static", 1, objects, alpha, sizes, null, null, null)) : List.copyOf(classes);
        Set<String> names = new HashSet<>();
        for (ContentClass c : classes) {
            Check.that(names.add(c.name()), "classes", c.name(), "class names must be unique");
        }
    }

    public WorkloadSpec(long objects, double alpha, SizeDistribution sizes, double rate, ArrivalShape shape,
            List<FlashCrowd> flashCrowds, TraceSpec trace) {
        this(objects, alpha, sizes, rate, shape, flashCrowds, trace, null);
    }

    public static WorkloadSpec defaults() {
        return new WorkloadSpec(100_000, 0.9, new SizeDistribution.LogNormal(32 * 1024, 1.0, 64L << 20), 2000,
                ArrivalShape.flat(), List.of(), null);
    }

    public static WorkloadSpec zipf(long objects, double alpha, long fixedSize) {
        return new WorkloadSpec(objects, alpha, new SizeDistribution.Fixed(fixedSize), 1000, ArrivalShape.flat(), List.of(), null);
    }

    /** The same workload with another alpha (every class's, when there is one class). */
    public WorkloadSpec withAlpha(double newAlpha) {
        List<ContentClass> changed = classes.stream().map(c -> new ContentClass(c.name(), c.share(), c.objects(),
                newAlpha, c.sizes(), c.cacheControl(), c.surrogateKey(), c.changeInterval())).toList();
        return new WorkloadSpec(objects, newAlpha, sizes, rate, shape, flashCrowds, trace, changed);
    }

    public WorkloadSpec withClasses(List<ContentClass> newClasses) {
        return new WorkloadSpec(objects, alpha, sizes, rate, shape, flashCrowds, trace, newClasses);
    }

    /** Object ids of class {@code c} are {@code firstId(c)} .. {@code firstId(c) + objects - 1}; flash crowds follow them all. */
    public long firstId(int c) {
        long first = 1;
        for (int i = 0; i < c; i++) {
            first += classes.get(i).objects();
        }
        return first;
    }

    /** Objects in every class together: flash-crowd objects get the ids after them. */
    public long catalogue() {
        return firstId(classes.size()) - 1;
    }
}
