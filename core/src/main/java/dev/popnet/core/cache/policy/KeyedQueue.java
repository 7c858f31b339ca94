package dev.popnet.core.cache.policy;

/**
 * A queue with its own key index and byte count: the sub-caches that composite policies (LIRS's
 * stacks, W-TinyLFU's window) are built from, each holding its own copy of an object, as in libCacheSim.
 */
final class KeyedQueue {
    final long capacity;
    private final LongObjectMap<Node> index = new LongObjectMap<>(256);
    private final NodeList list = new NodeList();

    KeyedQueue(long capacity) {
        this.capacity = capacity;
    }

    Node get(long key) {
        return index.get(key);
    }

    /** Links a new node at the head (most recent end). */
    Node addFirst(long key, long weight) {
        Node n = new Node(key, weight);
        list.addFirst(n);
        index.put(key, n);
        return n;
    }

    void moveToFirst(Node n) {
        list.moveToFirst(n);
    }

    /** Removes the key if present; returns its node or null. */
    Node remove(long key) {
        Node n = index.remove(key);
        if (n != null) {
            list.remove(n);
        }
        return n;
    }

    /** The oldest node, or null. */
    Node last() {
        return list.last();
    }

    Node first() {
        return list.first();
    }

    /** Removes and returns the oldest node. */
    Node removeLast() {
        Node n = list.last();
        list.remove(n);
        index.remove(n.key);
        return n;
    }

    long weight() {
        return list.weight();
    }

    int count() {
        return list.count();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    void check(String policy, String name) {
        list.check(policy, name);
        if (list.count() != index.size()) {
            throw new IllegalStateException(policy + ": " + name + " indexes " + index.size() + " keys but lists " + list.count());
        }
    }
}
