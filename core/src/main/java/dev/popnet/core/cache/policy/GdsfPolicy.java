package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import java.util.TreeSet;

/**
 * Greedy-Dual-Size-Frequency (Cherkasova '98): priority H = L + frequency × 10^6 / size, evict the lowest
 * H (the oldest update first among equals), and the clock L rises to each victim's H so long-idle objects
 * age out. Size-aware by design: in byte mode small popular objects win; in object mode every size is 1
 * and it acts as LFU with dynamic aging. The scale and tie order are libCacheSim's, so results match it.
 */
public final class GdsfPolicy extends AbstractPolicy {
    private final LongObjectMap<Item> index = new LongObjectMap<>(1024);
    private final TreeSet<Item> order = new TreeSet<>();
    private double clock;
    private long used;

    public GdsfPolicy(long capacity) {
        super("gdsf", capacity);
    }

    private static final class Item implements Comparable<Item> {
        final long key;
        final long weight;
        long frequency;
        double priority;
        long updated;

        Item(long key, long weight) {
            this.key = key;
            this.weight = weight;
        }

        @Override
        public int compareTo(Item o) {
            int c = Double.compare(priority, o.priority);
            if (c != 0) {
                return c;
            }
            c = Long.compare(updated, o.updated);
            return c != 0 ? c : Long.compare(key, o.key);
        }
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        Item e = index.get(key);
        if (e == null) {
            return false;
        }
        order.remove(e);
        e.frequency++;
        e.priority = clock + (double) e.frequency * 1.0e6 / e.weight;
        e.updated = requests;
        order.add(e);
        return true;
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        if (weight > capacity) {
            return false;
        }
        while (used + weight > capacity) {
            Item victim = order.pollFirst();
            index.remove(victim.key);
            used -= victim.weight;
            clock = victim.priority;
            evicted.evicted(victim.key, victim.weight);
        }
        Item e = new Item(key, weight);
        e.frequency = 1;
        e.priority = clock + 1.0e6 / weight;
        e.updated = requests;
        order.add(e);
        index.put(key, e);
        used += weight;
        return true;
    }

    @Override
    public boolean remove(long key) {
        Item e = index.remove(key);
        if (e == null) {
            return false;
        }
        order.remove(e);
        used -= e.weight;
        return true;
    }

    @Override
    public long weightOf(long key) {
        Item e = index.get(key);
        return e == null ? -1 : e.weight;
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
        long sum = order.stream().mapToLong(e -> e.weight).sum();
        if (sum != used || order.size() != index.size()) {
            throw new IllegalStateException("gdsf: used=" + used + " sum=" + sum + " entries=" + order.size() + " index=" + index.size());
        }
        checkCapacity();
    }
}
