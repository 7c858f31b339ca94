package dev.popnet.simulator.engine;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.Stored;
import dev.popnet.core.cache.policy.LongObjectMap;
import dev.popnet.core.routing.RendezvousHash;

/**
 * One simulated edge server: its name (for ownership hashing), its cores, its cache (the eviction
 * policy decides what stays; the stored responses' metadata sits beside it) and the decision machine
 * that takes every per-request cache decision, as on a live edge.
 */
final class EdgeNode implements EvictionListener {
    final String name;
    final long memberHash;
    final PopNode pop;
    final EvictionPolicy cache;
    final Resource cpu;
    final CacheMachine<Long, Visit> machine;
    private final LongObjectMap<Stored> entries = new LongObjectMap<>(1024);
    private final CapacityMode mode;
    /** False once its PoP lost power: what it still had in flight fails. */
    boolean alive = true;

    EdgeNode(String name, PopNode pop, EvictionPolicy cache, int cores, CacheMachine.Settings settings, CapacityMode mode) {
        this.name = name;
        this.memberHash = RendezvousHash.memberHash(name);
        this.pop = pop;
        this.cache = cache;
        this.cpu = new Resource(cores);
        this.machine = new CacheMachine<>(settings);
        this.mode = mode;
    }

    /**
     * What is stored for the object, counted as an access (a miss is not: the policy hears of the object
     * when it is admitted); an object whose size changed (a trace's new version) is dropped first, as a
     * purge of the old version would.
     */
    Stored lookup(long id, long size) {
        Stored s = entries.get(id);
        if (s == null) {
            return null;
        }
        if (s.size() != size) {
            remove(id);
            return null;
        }
        cache.touch(id);
        return s;
    }

    /** Stores (or replaces) the object's response; the policy may decline it or evict others for it. */
    void store(long id, Stored s) {
        if (entries.put(id, s) != null) {
            cache.remove(id); // replaced: the policy takes it again at its new weight
        }
        if (!cache.admit(id, mode.weight(s.size()), this)) {
            entries.remove(id);
        }
    }

    void remove(long id) {
        if (entries.remove(id) != null) {
            cache.remove(id);
        }
    }

    @Override
    public void evicted(long key, long weight) {
        entries.remove(key);
    }

    long[] storedIds() {
        return entries.keys();
    }

    Stored peek(long id) {
        return entries.get(id);
    }

    void checkInvariants() {
        cache.checkInvariants();
        if (entries.size() != cache.residentCount()) {
            throw new IllegalStateException(name + ": " + entries.size() + " stored responses but " + cache.residentCount() + " resident keys");
        }
    }
}
