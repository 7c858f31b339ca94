package dev.popnet.core.cache.policy;

/** Least frequently used, ties broken by oldest arrival in the frequency; counts live only while the object is resident. */
public final class LfuPolicy extends FrequencyPolicy {
    public LfuPolicy(long capacity) {
        super("lfu", capacity);
    }

    @Override
    protected void onHit(Node n) {
        detach(n);
        n.freq++;
        attach(n);
    }

    @Override
    protected long initialFrequency() {
        return 1;
    }

    @Override
    public long peekVictim() {
        return buckets.isEmpty() ? NO_KEY : buckets.firstEntry().getValue().last().key;
    }

    @Override
    protected Node evictOne() {
        Node victim = buckets.firstEntry().getValue().last();
        detach(victim);
        return victim;
    }
}
