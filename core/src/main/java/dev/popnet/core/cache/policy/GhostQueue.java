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

    /** Remembers an evicted object (already out of the index), dropping the oldest ghosts to stay within capacity. */
    void remember(Node victim) {
        if (victim.weight > capacity) {
            return;
        }
        while (list.weight() + victim.weight > capacity) {
            Node old = list.last();
            list.remove(old);
            index.remove(old.key);
        }
        Node g = new Node(victim.key, victim.weight);
        g.queue = tag;
        list.addFirst(g);
        index.put(g.key, g);
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
