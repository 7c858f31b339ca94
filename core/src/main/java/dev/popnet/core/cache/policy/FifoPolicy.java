package dev.popnet.core.cache.policy;

/** First in, first out: hits change nothing; the oldest insertion is the victim. */
public final class FifoPolicy extends QueuePolicy {
    public FifoPolicy(long capacity) {
        super("fifo", capacity);
    }

    @Override
    protected void onHit(int n) {
        // order is insertion order only
    }

    @Override
    public long peekVictim() {
        int n = list.last();
        return n < 0 ? NO_KEY : slots.key[n];
    }

    @Override
    protected int evictOne() {
        int victim = list.last();
        list.remove(victim);
        return victim;
    }
}
