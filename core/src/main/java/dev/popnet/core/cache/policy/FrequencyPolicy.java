package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import java.util.Map;
import java.util.TreeMap;

/**
 * Objects kept in one list per frequency (oldest arrival at the tail), as libCacheSim's LFU and LFUDA
 * keep them; subclasses say how a hit changes the frequency and which bucket the victim comes from.
 */
abstract class FrequencyPolicy extends AbstractPolicy {
    protected final LongObjectMap<Node> index = new LongObjectMap<>(1024);
    protected final TreeMap<Long, NodeList> buckets = new TreeMap<>();
    private long used;

    FrequencyPolicy(String name, long capacity) {
        super(name, capacity);
    }

    @Override
    protected final boolean find(long key, EvictionListener evicted) {
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        onHit(n);
        return true;
    }

    protected abstract void onHit(Node n);

    /** The frequency a new object starts at. */
    protected abstract long initialFrequency();

    /** Unlinks and returns the next victim. */
    protected abstract Node evictOne();

    @Override
    protected final boolean insert(long key, long weight, EvictionListener evicted) {
        if (weight > capacity) {
            return false;
        }
        while (used + weight > capacity) {
            Node victim = evictOne();
            index.remove(victim.key);
            evicted.evicted(victim.key, victim.weight);
        }
        Node n = new Node(key, weight);
        n.freq = initialFrequency();
        attach(n);
        index.put(key, n);
        return true;
    }

    protected final void attach(Node n) {
        buckets.computeIfAbsent(n.freq, f -> new NodeList()).addFirst(n);
        used += n.weight;
    }

    /** Unlinks n from its bucket; returns true when that bucket is now empty (and gone). */
    protected final boolean detach(Node n) {
        NodeList list = buckets.get(n.freq);
        list.remove(n);
        used -= n.weight;
        if (list.isEmpty()) {
            buckets.remove(n.freq);
            return true;
        }
        return false;
    }

    @Override
    public boolean remove(long key) {
        Node n = index.remove(key);
        if (n == null) {
            return false;
        }
        detach(n);
        return true;
    }

    @Override
    public final long weightOf(long key) {
        Node n = index.get(key);
        return n == null ? -1 : n.weight;
    }

    @Override
    public final long usedWeight() {
        return used;
    }

    @Override
    public final int residentCount() {
        return index.size();
    }

    @Override
    public void checkInvariants() {
        long w = 0;
        int c = 0;
        for (Map.Entry<Long, NodeList> e : buckets.entrySet()) {
            e.getValue().check(name(), "freq " + e.getKey());
            w += e.getValue().weight();
            c += e.getValue().count();
        }
        if (w != used || c != index.size()) {
            throw new IllegalStateException(name() + ": used=" + used + "/" + w + " count=" + c + " index=" + index.size());
        }
        checkCapacity();
    }
}
