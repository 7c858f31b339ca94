package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import java.util.TreeSet;

/**
 * Greedy-Dual-Size-Frequency (Cherkasova '98): priority H = L + frequency / size, evict the lowest H,
 * and the clock L rises to each victim's H so long-idle objects age out. Size-aware by design: in
 * byte mode small popular objects win; in object-count mode every size is 1 and it acts as LFU with
 * dynamic aging.
 */
public final class GdsfPolicy implements EvictionPolicy {
    private final long capacity;
    private final LongObjectMap<Entry> index = new LongObjectMap<>(1024);
    private final TreeSet<Entry> byPriority = new TreeSet<>();
    private double clock;
    private long used;
    private long sequence;

    public GdsfPolicy(long capacity) {
        this.capacity = capacity;
    }

    private static final class Entry implements Comparable<Entry> {
        final long key;
        final long weight;
        long frequency;
        double priority;
        long seq;

        Entry(long key, long weight) {
            this.key = key;
            this.weight = weight;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Double.compare(priority, o.priority);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Override
    public String name() {
        return "gdsf";
    }

    private void prioritise(Entry e) {
        e.frequency++;
        e.priority = clock + (double) e.frequency / Math.max(1, e.weight);
        e.seq = sequence++;
    }

    @Override
    public boolean touch(long key) {
        Entry e = index.get(key);
        if (e == null) {
            return false;
        }
        byPriority.remove(e);
        prioritise(e);
        byPriority.add(e);
        return true;
    }

    @Override
    public boolean admit(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || index.containsKey(key)) {
            return false;
        }
        while (used + weight > capacity) {
            Entry victim = byPriority.pollFirst();
            index.remove(victim.key);
            used -= victim.weight;
            clock = victim.priority;
            evicted.evicted(victim.key, victim.weight);
        }
        Entry e = new Entry(key, weight);
        prioritise(e);
        byPriority.add(e);
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
        byPriority.remove(e);
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
        long sum = byPriority.stream().mapToLong(e -> e.weight).sum();
        if (sum != used || byPriority.size() != index.size() || used > capacity) {
            throw new IllegalStateException("gdsf: used=" + used + " sum=" + sum + " entries=" + byPriority.size()
                    + " index=" + index.size() + " capacity=" + capacity);
        }
    }
}
