package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * Belady's MIN: evict the object requested furthest in the future. Two variants:
 * <ul>
 * <li>{@code belady} (bypass): an object whose next request is further off than every resident's is not
 * admitted, nor one never requested again: the true optimum for unit sizes.</li>
 * <li>{@code belady-admit}: every miss is admitted, as libCacheSim's Belady does (same heap, same
 * order among objects never requested again), so results match it.</li>
 * </ul>
 * With real sizes both are the farthest-first heuristic, a strong bound but not exactly optimal.
 */
public final class BeladyPolicy extends AbstractPolicy implements OfflinePolicy {
    private final LongIntMap index = new LongIntMap(1024);
    private final Slots slots = new Slots(1024);
    private final NextAccessHeap heap = new NextAccessHeap();
    private final boolean bypass;
    private long pendingNext = Long.MAX_VALUE;
    private long used;

    public BeladyPolicy(long capacity, boolean bypass) {
        super(bypass ? "belady" : "belady-admit", capacity);
        this.bypass = bypass;
    }

    @Override
    public void nextAccess(long when) {
        pendingNext = when;
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        int n = index.get(key);
        if (n < 0) {
            return false;
        }
        heap.changePriority(n, pendingNext);
        return true;
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || bypass && pendingNext == Long.MAX_VALUE) {
            return false;
        }
        while (used + weight > capacity) {
            if (bypass && heap.nextAccess(heap.peek()) < pendingNext) {
                return false; // everything resident is needed sooner than this object
            }
            int victim = heap.pop();
            used -= slots.weight[victim];
            slots.evict(victim, index, evicted);
        }
        int n = slots.allocate(key, weight);
        heap.insert(n, pendingNext);
        index.put(key, n);
        used += weight;
        return true;
    }

    @Override
    public boolean remove(long key) {
        int n = index.remove(key);
        if (n < 0) {
            return false;
        }
        heap.remove(n);
        used -= slots.weight[n];
        slots.release(n);
        return true;
    }

    @Override
    public long weightOf(long key) {
        int n = index.get(key);
        return n < 0 ? -1 : slots.weight[n];
    }

    @Override
    public long usedWeight() {
        return used;
    }

    @Override
    public int residentCount() {
        return index.size();
    }

    @Override
    public void checkInvariants() {
        if (heap.size() != index.size()) {
            throw new IllegalStateException(name() + ": heap holds " + heap.size() + ", index " + index.size());
        }
        checkCapacity();
    }
}
