package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/** Evicts a uniformly random resident (seeded). */
public final class RandomPolicy extends SampledPolicy {
    public RandomPolicy(long capacity, long seed) {
        super(seed == 0 ? "random" : "random(seed=" + seed + ")", capacity, seed);
    }

    @Override
    protected void onHit(Node n, EvictionListener evicted) {
        // a hit changes nothing
    }

    @Override
    protected void onInsert(Node n) {
        // nothing to remember
    }

    @Override
    protected Node choose() {
        return residents.draw();
    }
}
