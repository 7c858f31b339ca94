package dev.popnet.simulator.workload;

import java.util.random.RandomGenerator;

/**
 * The numbers {@code new SplittableRandom(seed)} would draw (SplitMix64, the same mixing and gamma),
 * from one object set to a new seed for each use: an object's size is drawn from a generator seeded by
 * its id, and a new SplittableRandom per request made two objects for one Gaussian. nextLong and nextInt
 * mix as SplittableRandom's do; every other method is RandomGenerator's own, as SplittableRandom's are,
 * so the draws are the same numbers.
 */
final class SeededDraws implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long seed;

    SeededDraws seed(long seed) {
        this.seed = seed;
        return this;
    }

    @Override
    public long nextLong() {
        long z = seed += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        long z = seed += GOLDEN_GAMMA;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
