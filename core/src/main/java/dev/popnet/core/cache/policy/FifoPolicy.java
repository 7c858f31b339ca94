package dev.popnet.core.cache.policy;

/** First in, first out: hits change nothing; the oldest insertion is the victim. */
public final class FifoPolicy extends QueuePolicy {
    public FifoPolicy(long capacity) {
        super("fifo", capacity);
    }

    @Override
    protected void onHit(Node n) {
        // order is insertion order only
    }

    @Override
    public long peekVictim() {
        Node n = list.last();
        return n == null ? NO_KEY : n.key;
    }

    @Override
    protected Node evictOne() {
        Node victim = list.last();
        list.remove(victim);
        return victim;
    }
}
