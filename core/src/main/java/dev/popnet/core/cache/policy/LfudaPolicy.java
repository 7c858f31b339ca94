package dev.popnet.core.cache.policy;

/**
 * LFU with dynamic aging as libCacheSim implements it: the age L is the frequency of the last victim's
 * bucket; a new object starts at L + 1 and a hit adds L to its count, so objects that were popular long
 * ago stop outranking recent ones. The lowest bucket is tracked the way the reference tracks it (moved
 * up only when it empties), which decides ties exactly as it does.
 */
public final class LfudaPolicy extends FrequencyPolicy {
    private long minFreq;
    private long maxFreq;

    public LfudaPolicy(long capacity) {
        super("lfuda", capacity);
    }

    @Override
    protected void onHit(Node n) {
        long old = n.freq;
        n.freq += minFreq;
        maxFreq = Math.max(maxFreq, n.freq);
        long newFreq = n.freq;
        n.freq = old;
        boolean emptied = detach(n);
        if (emptied && minFreq == old) {
            raiseMin();
        }
        n.freq = newFreq;
        attach(n);
    }

    @Override
    protected long initialFrequency() {
        return minFreq + 1;
    }

    @Override
    protected Node evictOne() {
        long bucket = minFreq <= 1 ? 1 : minFreq;
        if (!buckets.containsKey(bucket)) {
            bucket = buckets.firstKey(); // only after removals, which the reference never sees
        }
        Node victim = buckets.get(bucket).last();
        minFreq = bucket;
        if (detach(victim)) {
            raiseMin();
        }
        return victim;
    }

    @Override
    public boolean remove(long key) {
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        index.remove(key);
        if (detach(n) && n.freq == minFreq) {
            raiseMin();
        }
        return true;
    }

    /** The reference's update: the lowest non-empty bucket above the current minimum, up to the highest count seen. */
    private void raiseMin() {
        Long next = buckets.higherKey(minFreq);
        if (next != null && next <= maxFreq) {
            minFreq = next;
        }
    }
}
