package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/** One queue, new objects at the head, victims chosen from the tail; subclasses say what a hit does and which tail object goes. */
abstract class QueuePolicy extends AbstractPolicy {
    protected final LongObjectMap<Node> index = new LongObjectMap<>(1024);
    protected final NodeList list = new NodeList();

    QueuePolicy(String name, long capacity) {
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

    @Override
    protected final boolean insert(long key, long weight, EvictionListener evicted) {
        if (weight > capacity) {
            return false;
        }
        Node spare = null;
        while (list.weight() + weight > capacity) {
            spare = evictOne();
            index.remove(spare.key);
            evicted.evicted(spare.key, spare.weight);
        }
        Node n = spare == null ? new Node(key, weight) : spare.reuse(key, weight);
        list.addFirst(n);
        index.put(key, n);
        return true;
    }

    /** Unlinks and returns the next victim; only called while something is resident. */
    protected abstract Node evictOne();

    @Override
    public boolean remove(long key) {
        Node n = index.remove(key);
        if (n == null) {
            return false;
        }
        unlink(n);
        return true;
    }

    protected void unlink(Node n) {
        list.remove(n);
    }

    @Override
    public final long weightOf(long key) {
        Node n = index.get(key);
        return n == null ? -1 : n.weight;
    }

    @Override
    public final long usedWeight() {
        return list.weight();
    }

    @Override
    public final int residentCount() {
        return list.count();
    }

    @Override
    public void checkInvariants() {
        list.check(name(), "queue");
        if (list.count() != index.size()) {
            throw new IllegalStateException(name() + ": index holds " + index.size() + " keys, list " + list.count());
        }
        checkCapacity();
    }
}
