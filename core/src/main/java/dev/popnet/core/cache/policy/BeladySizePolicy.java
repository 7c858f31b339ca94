package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * Belady for variable sizes (libCacheSim's BeladySize): the victim is, of a random sample of
 * {@code samples} residents (128), the one with the largest size × time to its next request; an object
 * never requested again is not admitted, and leaves on its last hit.
 */
public final class BeladySizePolicy extends SampledPolicy implements OfflinePolicy {
    private final int samples;
    private long pendingNext = Long.MAX_VALUE;

    public BeladySizePolicy(long capacity, int samples, long seed) {
        super(samples == 128 && seed == 0 ? "belady-size" : "belady-size(samples=" + samples + ",seed=" + seed + ")", capacity, seed);
        if (samples < 1) {
            throw new IllegalArgumentException("belady-size samples must be at least 1, got " + samples);
        }
        this.samples = samples;
    }

    @Override
    public void nextAccess(long when) {
        pendingNext = when;
    }

    @Override
    protected void onHit(Node n, EvictionListener evicted) {
        if (pendingNext == Long.MAX_VALUE) {
            drop(n);
            evicted.evicted(n.key, n.weight);
        } else {
            n.stamp = pendingNext;
        }
    }

    @Override
    protected boolean admits(long weight) {
        return pendingNext != Long.MAX_VALUE;
    }

    @Override
    protected void onInsert(Node n) {
        n.stamp = pendingNext;
    }

    @Override
    protected Node choose() {
        Node best = null;
        double bestScore = -1;
        for (int i = 0; i < samples; i++) {
            Node n = residents.draw();
            double score = (double) n.weight * (double) (n.stamp - requests);
            if (score > bestScore) {
                best = n;
                bestScore = score;
            }
        }
        return best;
    }
}
