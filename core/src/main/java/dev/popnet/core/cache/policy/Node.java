package dev.popnet.core.cache.policy;

/** A resident (or ghost) object in one of the list-based policies; the fields a policy doesn't need stay idle. */
final class Node {
    final long key;
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
}
