package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;

/**
 * What every policy shares: its name and capacity, the request count (the virtual time several policies
 * read), and the split of a request into {@link #find} and {@link #insert}, as libCacheSim splits its
 * {@code get}: find updates the policy for a hit or records a miss (ghost hits), insert makes room and
 * inserts. A caller that admits without touching first gets the find done for it.
 */
abstract class AbstractPolicy implements EvictionPolicy {
    private static final long NONE = Long.MIN_VALUE;
    protected final long capacity;
    private final String name;
    /** Requests seen, this one included. */
    protected long requests;
    private long missed = NONE;

    AbstractPolicy(String name, long capacity) {
        this.name = name;
        this.capacity = capacity;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long capacity() {
        return capacity;
    }

    @Override
    public final boolean touch(long key, EvictionListener evicted) {
        requests++;
        boolean hit = find(key, evicted);
        missed = hit ? NONE : key;
        return hit;
    }

    @Override
    public final boolean admit(long key, long weight, EvictionListener evicted) {
        if (missed != key) {
            if (weightOf(key) >= 0) {
                return false;
            }
            requests++;
            find(key, evicted);
        }
        missed = NONE;
        return insert(key, weight, evicted);
    }

    /** Looks the key up as a request: true on a hit (updating the policy), false on a miss (after any ghost bookkeeping). */
    protected abstract boolean find(long key, EvictionListener evicted);

    /** After a miss on {@code key}: makes room and inserts it, or declines; returns whether it is resident. */
    protected abstract boolean insert(long key, long weight, EvictionListener evicted);

    /** A node that left the policy, kept to stand for the next new object (one less allocation per miss). */
    private Node spare;

    protected final Node newNode(long key, long weight) {
        Node n = spare;
        if (n == null) {
            return new Node(key, weight);
        }
        spare = null;
        return n.reuse(key, weight);
    }

    /** Hands back a node that is in no list and no index any more. */
    protected final void recycle(Node n) {
        if (n != null) {
            spare = n;
        }
    }

    /** Throws when used weight is above capacity; policies call it from their own invariant checks. */
    protected final void checkCapacity() {
        if (usedWeight() > capacity) {
            throw new IllegalStateException(name + ": used weight " + usedWeight() + " above capacity " + capacity);
        }
    }
}
