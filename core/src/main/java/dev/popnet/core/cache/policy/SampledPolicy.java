package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/** Policies that pick each victim from a random sample of residents (seeded, so a run repeats exactly). */
abstract class SampledPolicy extends AbstractPolicy {
    protected final LongObjectMap<Node> index = new LongObjectMap<>(1024);
    protected final SampledResidents residents;
    private long used;

    SampledPolicy(String name, long capacity, long seed) {
        super(name, capacity);
        this.residents = new SampledResidents(seed);
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        onHit(n, evicted);
        return true;
    }

    /** A hit on a resident; a policy that lets the object go here reports it. */
    protected abstract void onHit(Node n, EvictionListener evicted);

    /** Whether a missed object may enter (its weight already fits the capacity). */
    protected boolean admits(long weight) {
        return true;
    }

    /** Sets up a new resident's fields. */
    protected abstract void onInsert(Node n);

    /** The next victim among the residents. */
    protected abstract Node choose();

    @Override
    protected final boolean insert(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || !admits(weight)) {
            return false;
        }
        while (used + weight > capacity) {
            Node victim = choose();
            drop(victim);
            evicted.evicted(victim.key, victim.weight);
        }
        Node n = new Node(key, weight);
        onInsert(n);
        residents.add(n);
        index.put(key, n);
        used += weight;
        return true;
    }

    protected final void drop(Node n) {
        index.remove(n.key);
        residents.remove(n);
        used -= n.weight;
    }

    @Override
    public final boolean remove(long key) {
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        drop(n);
        return true;
    }

    @Override
    public final long weightOf(long key) {
        Node n = index.get(key);
        return n == null ? -1 : n.weight;
    }

    @Override
    public final long usedWeight() {
        return used;
    }

    @Override
    public final int residentCount() {
        return index.size();
    }

    @Override
    public final void checkInvariants() {
        if (residents.size() != index.size()) {
            throw new IllegalStateException(name() + ": sample array holds " + residents.size() + ", index " + index.size());
        }
        checkCapacity();
    }
}
