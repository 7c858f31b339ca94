package dev.popnet.core.cache.admission;

import dev.popnet.core.cache.EvictionPolicy;
import java.util.SplittableRandom;

/**
 * AdaptSize-style admission (Berger et al., NSDI '17): an object of size s is admitted with probability
 * e^(-s/c), so small objects almost always enter and large ones rarely. The scale c is fixed here (AdaptSize
 * retunes it from a Markov model of the cache every interval); draws are seeded, so runs repeat.
 */
public final class ProbabilisticSizeAdmission implements AdmissionFilter {
    private final double scale;
    private final long seed;
    private final SplittableRandom random;

    public ProbabilisticSizeAdmission(double scale, long seed) {
        if (scale <= 0) {
            throw new IllegalArgumentException("adaptsize admission needs a positive scale c, got " + scale);
        }
        this.scale = scale;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return "adaptsize(c=" + (long) scale + (seed == 0 ? "" : ",seed=" + seed) + ")";
    }

    @Override
    public boolean admit(long key, long weight, EvictionPolicy cache) {
        return random.nextDouble() < Math.exp(-weight / scale);
    }
}
