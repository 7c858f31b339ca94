package dev.popnet.core.cache.policy;

/**
 * SIEVE (Zhang et al., NSDI '24): new objects enter at the head; a hit only marks the object visited.
 * The hand moves from the tail toward the head, clearing marks, and evicts the first unmarked object;
 * survivors stay where they are, so popular objects sift toward the tail and newcomers leave quickly.
 */
public final class SievePolicy extends QueuePolicy {
    /** The slot the hand points at, or {@link SlotList#NONE} to start from the tail. */
    private int hand = SlotList.NONE;

    public SievePolicy(long capacity) {
        super("sieve", capacity);
    }

    @Override
    protected void onHit(int n) {
        slots.freq[n] = 1;
    }

    @Override
    protected int evictOne() {
        int[] visited = slots.freq;
        int n = hand < 0 ? list.last() : hand;
        while (visited[n] != 0) {
            visited[n] = 0;
            n = list.newerWrapping(n);
        }
        hand = list.newer(n);
        list.remove(n);
        return n;
    }

    @Override
    protected void unlink(int n) {
        if (n == hand) {
            hand = list.newer(n);
        }
        list.remove(n);
    }
}
