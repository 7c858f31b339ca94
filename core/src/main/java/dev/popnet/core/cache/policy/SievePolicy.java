package dev.popnet.core.cache.policy;

/**
 * SIEVE (Zhang et al., NSDI '24): new objects enter at the head; a hit only marks the object visited.
 * The hand moves from the tail toward the head, clearing marks, and evicts the first unmarked object;
 * survivors stay where they are, so popular objects sift toward the tail and newcomers leave quickly.
 */
public final class SievePolicy extends QueuePolicy {
    private Node hand;

    public SievePolicy(long capacity) {
        super("sieve", capacity);
    }

    @Override
    protected void onHit(Node n) {
        n.freq = 1;
    }

    @Override
    protected Node evictOne() {
        Node n = hand == null ? list.last() : hand;
        while (n.freq != 0) {
            n.freq = 0;
            n = list.newerWrapping(n);
        }
        hand = list.newer(n);
        list.remove(n);
        return n;
    }

    @Override
    protected void unlink(Node n) {
        if (n == hand) {
            hand = list.newer(n);
        }
        list.remove(n);
    }
}
