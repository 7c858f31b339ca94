package dev.popnet.simulator.workload;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Zipf-popular requests arriving as a Poisson process whose rate follows the arrival shape, plus flash
 * crowds. Generated lazily and deterministically from the seed; an unbounded stream, so the caller
 * stops it (request count or duration).
 */
public final class SyntheticWorkload implements Iterator<Request> {
    private final WorkloadSpec spec;
    private final long seed;
    private final ZipfSampler zipf;
    private final SplittableRandom random;
    private final double maxRatePerNano;
    private long now;

    public SyntheticWorkload(WorkloadSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
        this.zipf = new ZipfSampler(spec.objects(), spec.alpha());
        this.random = new SplittableRandom(seed);
        double maxMultiplier = spec.flashCrowds().stream().mapToDouble(FlashCrowd::multiplier).max().orElse(1);
        this.maxRatePerNano = spec.rate() * spec.shape().maxFactor() * maxMultiplier / 1e9;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Request next() {
        while (true) {
            now += Math.max(1, Math.round(-Math.log(1.0 - random.nextDouble()) / maxRatePerNano));
            double base = spec.rate() * spec.shape().factor(now) / 1e9;
            FlashCrowd flash = activeFlash(now);
            double extra = flash == null ? 0 : base * (flash.multiplier() - 1);
            double u = random.nextDouble() * maxRatePerNano;
            if (u >= base + extra) {
                continue; // thinned: the rate at this moment is below the bound
            }
            long id = u < base ? zipf.sample(random) : spec.objects() + 1 + random.nextInt(flash.objects());
            return new Request(now, id, spec.sizes().sizeOf(seed, id));
        }
    }

    private FlashCrowd activeFlash(long t) {
        List<FlashCrowd> crowds = spec.flashCrowds();
        for (FlashCrowd c : crowds) {
            if (c.activeAt(t)) {
                return c;
            }
        }
        return null;
    }

    /** Convenience for tests and benchmarks: the first {@code count} requests. */
    public static Request[] first(WorkloadSpec spec, long seed, int count) {
        SyntheticWorkload w = new SyntheticWorkload(spec, seed);
        Request[] out = new Request[count];
        for (int i = 0; i < count; i++) {
            if (!w.hasNext()) {
                throw new NoSuchElementException();
            }
            out[i] = w.next();
        }
        return out;
    }
}
