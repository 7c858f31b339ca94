package dev.popnet.core.cache.policy;

/**
 * CLOCK (second chance): a hit sets the reference bit; the hand clears set bits as it sweeps and evicts
 * the first object whose bit is clear. A new object takes the slot just behind the hand, so it is the
 * last one the hand reaches.
 */
public final class ClockPolicy extends QueuePolicy {
    private Node hand;

    public ClockPolicy(long capacity) {
        super("clock", capacity);
    }

    @Override
    protected void onHit(Node n) {
        n.freq = 1;
    }

    @Override
    protected void insert(long key, long weight, boolean wasGhost) {
        Node n = new Node(key, weight);
        if (hand == null) {
            list.addFirst(n);
        } else {
            list.addAfter(hand, n);
        }
        index.put(key, n);
    }

    @Override
    protected Node evictOne() {
        Node n = hand == null ? list.last() : hand;
        while (n.freq != 0) {
            n.freq = 0;
            n = list.newerWrapping(n);
        }
        hand = list.count() == 1 ? null : list.newerWrapping(n);
        list.remove(n);
        return n;
    }

    @Override
    protected void unlink(Node n) {
        if (n == hand) {
            hand = list.count() == 1 ? null : list.newerWrapping(n);
        }
        list.remove(n);
    }
}
