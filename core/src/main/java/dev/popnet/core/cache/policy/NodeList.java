package dev.popnet.core.cache.policy;

/** Doubly linked list with a sentinel, head = most recent; keeps its node count and total weight. */
final class NodeList {
    private final Node sentinel = new Node(Long.MIN_VALUE, 0);
    private long weight;
    private int count;

    NodeList() {
        sentinel.prev = sentinel;
        sentinel.next = sentinel;
    }

    void addFirst(Node n) {
        n.prev = sentinel;
        n.next = sentinel.next;
        sentinel.next.prev = n;
        sentinel.next = n;
        weight += n.weight;
        count++;
    }

    /** Links n right after anchor, i.e. one step older. */
    void addAfter(Node anchor, Node n) {
        n.prev = anchor;
        n.next = anchor.next;
        anchor.next.prev = n;
        anchor.next = n;
        weight += n.weight;
        count++;
    }

    void remove(Node n) {
        n.prev.next = n.next;
        n.next.prev = n.prev;
        n.prev = null;
        n.next = null;
        weight -= n.weight;
        count--;
    }

    void moveToFirst(Node n) {
        remove(n);
        addFirst(n);
    }

    /** The oldest node, or null. */
    Node last() {
        return sentinel.prev == sentinel ? null : sentinel.prev;
    }

    Node first() {
        return sentinel.next == sentinel ? null : sentinel.next;
    }

    /** The node before n toward the head, or null at the head. */
    Node newer(Node n) {
        return n.prev == sentinel ? null : n.prev;
    }

    /** The next node a clock hand visits after n (toward the head, wrapping to the tail). */
    Node newerWrapping(Node n) {
        Node p = n.prev == sentinel ? sentinel.prev : n.prev;
        return p == sentinel ? null : p;
    }

    boolean isEmpty() {
        return count == 0;
    }

    long weight() {
        return weight;
    }

    int count() {
        return count;
    }

    /** Walks the list to recount; for invariant checks. */
    long[] recount() {
        long w = 0;
        long c = 0;
        for (Node n = sentinel.next; n != sentinel; n = n.next) {
            w += n.weight;
            c++;
        }
        return new long[] {w, c};
    }

    void check(String policy, String list) {
        long[] actual = recount();
        if (actual[0] != weight || actual[1] != count) {
            throw new IllegalStateException(policy + ": list " + list + " says weight=" + weight + " count=" + count
                    + " but holds weight=" + actual[0] + " count=" + actual[1]);
        }
    }
}
