package dev.popnet.core.cache.policy;

/**
 * Keys of recently evicted objects in FIFO order, bounded by weight like a cache of its own (S3-FIFO's
 * ghost queue, 2Q's A1out); the entries live in the owning policy's index, tagged {@code tag}.
 */
final class GhostQueue {
    private final NodeList list = new NodeList();
    private final LongObjectMap<Node> index;
    private final long capacity;
    private final byte tag;

    GhostQueue(LongObjectMap<Node> index, long capacity, byte tag) {
        this.index = index;
        this.capacity = capacity;
        this.tag = tag;
    }

    /**
     * Remembers an evicted object (its node, already out of the index and every list, becomes the ghost),
     * dropping the oldest ghosts to stay within capacity; returns a node no longer used (or null).
     */
    Node remember(Node victim) {
        if (victim.weight > capacity) {
            return victim;
        }
        Node dropped = null;
        while (list.weight() + victim.weight > capacity) {
            dropped = list.last();
            list.remove(dropped);
            index.remove(dropped.key);
        }
        victim.queue = tag;
        victim.freq = 0;
        list.addFirst(victim);
        index.put(victim.key, victim);
        return dropped;
    }

    /** Unlinks a ghost the caller found (and removes from the index itself). */
    void unlink(Node ghost) {
        list.remove(ghost);
    }

    int count() {
        return list.count();
    }

    void check(String policy, String name) {
        list.check(policy, name);
        if (list.weight() > capacity) {
            throw new IllegalStateException(policy + ": " + name + " holds " + list.weight() + " above " + capacity);
        }
    }
}
