package dev.popnet.core.cache.policy;

import java.util.Map;
import java.util.TreeMap;

/** Least frequently used, ties broken by least recent use; counts live only while the object is resident. */
public final class LfuPolicy extends AbstractListPolicy {
    private final TreeMap<Integer, NodeList> byFrequency = new TreeMap<>();
    private long used;
    private int count;

    public LfuPolicy(long capacity) {
        super("lfu", capacity);
    }

    @Override
    protected void onHit(Node n) {
        detach(n);
        n.freq++;
        attach(n);
    }

    @Override
    protected void insert(long key, long weight, boolean wasGhost) {
        Node n = new Node(key, weight);
        n.freq = 1;
        attach(n);
        index.put(key, n);
    }

    @Override
    protected Node evictOne() {
        Node victim = byFrequency.firstEntry().getValue().last();
        detach(victim);
        return victim;
    }

    @Override
    protected void unlink(Node n) {
        detach(n);
    }

    private void attach(Node n) {
        byFrequency.computeIfAbsent(n.freq, f -> new NodeList()).addFirst(n);
        used += n.weight;
        count++;
    }

    private void detach(Node n) {
        NodeList list = byFrequency.get(n.freq);
        list.remove(n);
        if (list.isEmpty()) {
            byFrequency.remove(n.freq);
        }
        used -= n.weight;
        count--;
    }

    @Override
    public long usedWeight() {
        return used;
    }

    @Override
    public int residentCount() {
        return count;
    }

    @Override
    protected void checkLists() {
        long w = 0;
        int c = 0;
        for (Map.Entry<Integer, NodeList> e : byFrequency.entrySet()) {
            e.getValue().check(name(), "freq " + e.getKey());
            w += e.getValue().weight();
            c += e.getValue().count();
        }
        if (w != used || c != count || c != index.size()) {
            throw new IllegalStateException("lfu: used=" + used + "/" + w + " count=" + count + "/" + c + " index=" + index.size());
        }
    }
}
