package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * Hyperbolic caching (Blankstein et al., ATC '17): an object's priority is its hit count divided by its
 * time in the cache (in requests); the victim is the lowest-priority object of a random sample of
 * {@code samples} residents (64, as libCacheSim samples).
 */
public final class HyperbolicPolicy extends SampledPolicy {
    private final int samples;

    public HyperbolicPolicy(long capacity, int samples, long seed) {
        super(samples == 64 && seed == 0 ? "hyperbolic" : "hyperbolic(samples=" + samples + ",seed=" + seed + ")", capacity, seed);
        if (samples < 1) {
            throw new IllegalArgumentException("hyperbolic samples must be at least 1, got " + samples);
        }
        this.samples = samples;
    }

    @Override
    protected void onHit(Node n, EvictionListener evicted) {
        n.freq++;
    }

    @Override
    protected void onInsert(Node n) {
        n.freq = 1;
        n.stamp = requests;
    }

    @Override
    protected Node choose() {
        Node best = null;
        double bestScore = Double.MAX_VALUE;
        for (int i = 0; i < samples; i++) {
            Node n = residents.draw();
            double score = (double) n.freq / Math.max(1, requests - n.stamp);
            if (score < bestScore) {
                best = n;
                bestScore = score;
            }
        }
        return best;
    }
}
