package dev.popnet.core.cache.policy;

/** Least recently used: a hit moves the object to the head; victims come from the tail. */
public final class LruPolicy extends QueuePolicy {
    public LruPolicy(long capacity) {
        super("lru", capacity);
    }

    @Override
    protected void onHit(int n) {
        list.moveToFirst(n);
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
