package dev.popnet.core.cache.policy;

/** A resident (or ghost) object in one of the list-based policies; the fields a policy doesn't need stay idle. */
final class Node {
    final long key;
    long weight;
    Node prev;
    Node next;
    /** Access count or reference bit, as the policy reads it. */
    int freq;
    /** Which list holds the node, for policies with several. */
    byte queue;

    Node(long key, long weight) {
        this.key = key;
        this.weight = weight;
    }
}
