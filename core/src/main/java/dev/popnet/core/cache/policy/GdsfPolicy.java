package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * Greedy-Dual-Size-Frequency (Cherkasova '98): priority H = L + frequency / size, evict the lowest H,
 * and the clock L rises to each victim's H so long-idle objects age out. Size-aware by design: in
 * byte mode small popular objects win; in object-count mode every size is 1 and it acts as LFU with
 * dynamic aging.
 */
public final class GdsfPolicy extends PriorityPolicy<GdsfPolicy.Item> {
    private double clock;
    private long sequence;

    public GdsfPolicy(long capacity) {
        super(capacity);
    }

    static final class Item extends PriorityPolicy.Entry<Item> {
        long frequency;
        double priority;
        long seq;

        Item(long key, long weight) {
            super(key, weight);
        }

        @Override
        public int compareTo(Item o) {
            int c = Double.compare(priority, o.priority);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Override
    public String name() {
        return "gdsf";
    }

    private void prioritise(Item e) {
        e.frequency++;
        e.priority = clock + (double) e.frequency / Math.max(1, e.weight);
        e.seq = sequence++;
    }

    @Override
    public boolean touch(long key) {
        Item e = index.get(key);
        if (e == null) {
            return false;
        }
        reorder(e, () -> prioritise(e));
        return true;
    }

    @Override
    public boolean admit(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || index.containsKey(key)) {
            return false;
        }
        while (used + weight > capacity) {
            clock = evictFirst(evicted).priority;
        }
        Item e = new Item(key, weight);
        prioritise(e);
        add(e);
        return true;
    }
}
