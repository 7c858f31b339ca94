package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * Belady's OPT with bypass: evict the object requested furthest in the future, and do not admit an
 * object whose next request is further off than every resident's. Optimal for unit sizes; with real
 * sizes it is the usual farthest-first heuristic, an upper bound in spirit but not exactly.
 */
public final class BeladyPolicy extends PriorityPolicy<BeladyPolicy.Item> implements OfflinePolicy {
    private long pendingNext = Long.MAX_VALUE;

    public BeladyPolicy(long capacity) {
        super(capacity);
    }

    static final class Item extends PriorityPolicy.Entry<Item> {
        long next;

        Item(long key, long weight, long next) {
            super(key, weight);
            this.next = next;
        }

        /** Farthest next access first. */
        @Override
        public int compareTo(Item o) {
            int c = Long.compare(o.next, next);
            return c != 0 ? c : Long.compare(key, o.key);
        }
    }

    @Override
    public void nextAccess(long when) {
        pendingNext = when;
    }

    @Override
    public String name() {
        return "belady";
    }

    @Override
    public boolean touch(long key) {
        Item e = index.get(key);
        if (e == null) {
            return false;
        }
        reorder(e, () -> e.next = pendingNext);
        return true;
    }

    @Override
    public boolean admit(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || index.containsKey(key) || pendingNext == Long.MAX_VALUE) {
            return false;
        }
        while (used + weight > capacity) {
            if (order.first().next < pendingNext) {
                return false; // everything resident is needed sooner than this object
            }
            evictFirst(evicted);
        }
        add(new Item(key, weight, pendingNext));
        return true;
    }
}
