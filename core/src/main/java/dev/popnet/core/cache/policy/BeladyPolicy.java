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
    private final LongObjectMap<Node> index = new LongObjectMap<>(1024);
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
        Node n = index.get(key);
        if (n == null) {
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
            if (bypass && heap.peek().stamp < pendingNext) {
                return false; // everything resident is needed sooner than this object
            }
            Node victim = heap.pop();
            index.remove(victim.key);
            used -= victim.weight;
            evicted.evicted(victim.key, victim.weight);
        }
        Node n = new Node(key, weight);
        n.stamp = pendingNext;
        heap.insert(n);
        index.put(key, n);
        used += weight;
        return true;
    }

    @Override
    public boolean remove(long key) {
        Node n = index.remove(key);
        if (n == null) {
            return false;
        }
        heap.remove(n);
        used -= n.weight;
        return true;
    }

    @Override
    public long weightOf(long key) {
        Node n = index.get(key);
        return n == null ? -1 : n.weight;
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
