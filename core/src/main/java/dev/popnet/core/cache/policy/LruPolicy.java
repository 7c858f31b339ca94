package dev.popnet.core.cache.policy;

/** Least recently used: a hit moves the object to the head; victims come from the tail. */
public final class LruPolicy extends QueuePolicy {
    public LruPolicy(long capacity) {
        super("lru", capacity);
    }

    @Override
    protected void onHit(Node n) {
        list.moveToFirst(n);
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
