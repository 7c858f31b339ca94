package dev.popnet.core.cache.policy;

/** A resident (or ghost) object in one of the list-based policies; the fields a policy doesn't need stay idle. */
final class Node {
    long key;
    long weight;
    Node prev;
    Node next;
    /** Access count or reference bits, as the policy reads it. */
    long freq;
    /** Which list holds the node, for policies with several. */
    byte queue;
    /** A request count the policy remembers (when admitted, when evicted). */
    long stamp;
    /** The same object's entry in a second structure (LeCaR's frequency lists), or its slot in a sample array. */
    Node partner;
    int slot = -1;

    Node(long key, long weight) {
        this.key = key;
        this.weight = weight;
    }

    /** Makes a node that has left every list and index stand for another object (saves allocating one per miss). */
    Node reuse(long newKey, long newWeight) {
        key = newKey;
        weight = newWeight;
        prev = null;
        next = null;
        freq = 0;
        queue = 0;
        stamp = 0;
        partner = null;
        slot = -1;
        return this;
    }
}
