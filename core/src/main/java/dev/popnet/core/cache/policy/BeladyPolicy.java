package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import java.util.TreeSet;

/**
 * Belady's OPT with bypass: evict the object requested furthest in the future, and do not admit an
 * object whose next request is further off than every resident's. Optimal for unit sizes; with real
 * sizes it is the usual farthest-first heuristic, an upper bound in spirit but not exactly.
 */
public final class BeladyPolicy implements OfflinePolicy {
    private final long capacity;
    private final LongObjectMap<Entry> index = new LongObjectMap<>(1024);
    private final TreeSet<Entry> byNextAccess = new TreeSet<>();
    private long used;
    private long pendingNext = Long.MAX_VALUE;

    public BeladyPolicy(long capacity) {
        this.capacity = capacity;
    }

    private static final class Entry implements Comparable<Entry> {
        final long key;
        final long weight;
        long next;

        Entry(long key, long weight, long next) {
            this.key = key;
            this.weight = weight;
            this.next = next;
        }

        /** Farthest next access first. */
        @Override
        public int compareTo(Entry o) {
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
        Entry e = index.get(key);
        if (e == null) {
            return false;
        }
        byNextAccess.remove(e);
        e.next = pendingNext;
        byNextAccess.add(e);
        return true;
    }

    @Override
    public boolean admit(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || index.containsKey(key) || pendingNext == Long.MAX_VALUE) {
            return false;
        }
        while (used + weight > capacity) {
            Entry farthest = byNextAccess.first();
            if (farthest.next < pendingNext) {
                return false; // everything resident is needed sooner than this object
            }
            byNextAccess.pollFirst();
            index.remove(farthest.key);
            used -= farthest.weight;
            evicted.evicted(farthest.key, farthest.weight);
        }
        Entry e = new Entry(key, weight, pendingNext);
        byNextAccess.add(e);
        index.put(key, e);
        used += weight;
        return true;
    }

    @Override
    public boolean remove(long key) {
        Entry e = index.remove(key);
        if (e == null) {
            return false;
        }
        byNextAccess.remove(e);
        used -= e.weight;
        return true;
    }

    @Override
    public long weightOf(long key) {
        Entry e = index.get(key);
        return e == null ? -1 : e.weight;
    }

    @Override
    public long capacity() {
        return capacity;
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
        long sum = byNextAccess.stream().mapToLong(e -> e.weight).sum();
        if (sum != used || byNextAccess.size() != index.size() || used > capacity) {
            throw new IllegalStateException("belady: used=" + used + " sum=" + sum + " capacity=" + capacity);
        }
    }
}
