package dev.popnet.core.cache;

import java.util.HashMap;
import java.util.Map;

/** Least recently used: a hit moves the object to the head; victims come from the tail. */
public final class LruPolicy implements EvictionPolicy {
    private final long capacity;
    private final Map<Long, Node> nodes = new HashMap<>();
    private final Node sentinel = new Node(0, 0);
    private long used;

    public LruPolicy(long capacity, CapacityMode mode) {
        this.capacity = capacity;
        sentinel.prev = sentinel;
        sentinel.next = sentinel;
    }

    @Override
    public String name() {
        return "lru";
    }

    @Override
    public boolean touch(long key) {
        Node node = nodes.get(key);
        if (node == null) {
            return false;
        }
        node.unlink();
        node.linkAfter(sentinel);
        return true;
    }

    @Override
    public boolean admit(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || nodes.containsKey(key)) {
            return false;
        }
        while (used + weight > capacity) {
            Node victim = sentinel.prev;
            victim.unlink();
            nodes.remove(victim.key);
            used -= victim.weight;
            evicted.evicted(victim.key, victim.weight);
        }
        Node node = new Node(key, weight);
        node.linkAfter(sentinel);
        nodes.put(key, node);
        used += weight;
        return true;
    }

    @Override
    public boolean remove(long key) {
        Node node = nodes.remove(key);
        if (node == null) {
            return false;
        }
        node.unlink();
        used -= node.weight;
        return true;
    }

    @Override
    public long weightOf(long key) {
        Node node = nodes.get(key);
        return node == null ? -1 : node.weight;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long usedWeight() {
        return used;
    }

    @Override
    public int residentCount() {
        return nodes.size();
    }

    @Override
    public void checkInvariants() {
        long sum = 0;
        int count = 0;
        for (Node n = sentinel.next; n != sentinel; n = n.next) {
            sum += n.weight;
            count++;
        }
        if (sum != used || count != nodes.size() || used > capacity) {
            throw new IllegalStateException("lru: used=" + used + " sum=" + sum + " count=" + count
                    + " map=" + nodes.size() + " capacity=" + capacity);
        }
    }

    private static final class Node {
        final long key;
        final long weight;
        Node prev;
        Node next;

        Node(long key, long weight) {
            this.key = key;
            this.weight = weight;
        }

        void unlink() {
            prev.next = next;
            next.prev = prev;
        }

        void linkAfter(Node head) {
            prev = head;
            next = head.next;
            head.next.prev = this;
            head.next = this;
        }
    }
}
