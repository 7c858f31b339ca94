package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;

/**
 * Shared bookkeeping of the list-based policies: the key index, capacity checks, removal and the
 * invariant that resident weight never exceeds capacity. Subclasses decide order and victims.
 */
abstract class AbstractListPolicy implements EvictionPolicy {
    protected final long capacity;
    protected final LongObjectMap<Node> index = new LongObjectMap<>(1024);
    private final String name;

    AbstractListPolicy(String name, long capacity) {
        this.name = name;
        this.capacity = capacity;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public boolean touch(long key) {
        Node n = index.get(key);
        if (n == null || !isResident(n)) {
            return false;
        }
        onHit(n);
        return true;
    }

    @Override
    public boolean admit(long key, long weight, EvictionListener evicted) {
        Node existing = index.get(key);
        if (weight > capacity || existing != null && isResident(existing)) {
            return false;
        }
        boolean wasGhost = existing != null && forgetGhost(existing);
        while (usedWeight() + weight > capacity) {
            Node victim = evictOne();
            index.remove(victim.key);
            evicted.evicted(victim.key, victim.weight);
            afterEviction(victim);
        }
        insert(key, weight, wasGhost);
        return true;
    }

    @Override
    public boolean remove(long key) {
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        boolean resident = isResident(n);
        unlink(n);
        index.remove(key);
        return resident;
    }

    @Override
    public long weightOf(long key) {
        Node n = index.get(key);
        return n == null || !isResident(n) ? -1 : n.weight;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public void checkInvariants() {
        checkLists();
        if (usedWeight() > capacity) {
            throw new IllegalStateException(name + ": used weight " + usedWeight() + " above capacity " + capacity);
        }
    }

    /** Ghost entries (ARC, S3-FIFO) stay indexed but are not resident. */
    protected boolean isResident(Node n) {
        return true;
    }

    protected abstract void onHit(Node n);

    /**
     * A key being admitted still has a ghost entry: drop it (adapting the policy as it likes) before
     * room is made. Returns true so {@link #insert} knows the key was seen recently.
     */
    protected boolean forgetGhost(Node ghost) {
        unlink(ghost);
        index.remove(ghost.key);
        return true;
    }

    /** Adds a new resident (and indexes it); {@code wasGhost} tells whether it had a ghost entry. */
    protected abstract void insert(long key, long weight, boolean wasGhost);

    /** Unlinks and returns the next victim; only called while something is resident. */
    protected abstract Node evictOne();

    /** Called once a victim is out of the index: policies with ghost lists remember it here. */
    protected void afterEviction(Node victim) {
    }

    /** Takes a node out of whatever list holds it. */
    protected abstract void unlink(Node n);

    protected abstract void checkLists();
}
