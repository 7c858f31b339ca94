package dev.popnet.simulator.engine;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.Stored;
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
    /** The stored responses: by the policy's entry numbers when it has them, else in a table of their own (one of the two is null). */
    private final EntryTable byEntry;
    private final StoredTable entries;
    private final CapacityMode mode;
    /** False once its PoP lost power: what it still had in flight fails. */
    boolean alive = true;

    EdgeNode(String name, PopNode pop, EvictionPolicy cache, int cores, CacheMachine.Settings settings, CapacityMode mode,
            StoredTable.Heads heads) {
        this.name = name;
        this.memberHash = RendezvousHash.memberHash(name);
        this.pop = pop;
        this.cache = cache;
        this.cpu = new Resource(cores);
        this.machine = new CacheMachine<>(settings);
        this.mode = mode;
        boolean numbered = cache.entryOf(0) != EvictionPolicy.NO_ENTRIES;
        this.byEntry = numbered ? new EntryTable(cache, heads) : null;
        this.entries = numbered ? null : new StoredTable(1024, heads);
    }

    /**
     * The slot of what is stored for the object (read it through {@link #stored}, {@link #freshUntil}), or
     * -1; a find counts as an access (a miss does not: the policy hears of the object when it is
     * admitted). An object whose size changed (a trace's new version) is dropped first, as a purge of
     * the old version would.
     */
    int lookup(long id, long size) {
        int slot = find(id);
        if (slot < 0) {
            return -1;
        }
        if (size(slot) != size) {
            remove(id);
            return -1;
        }
        int count = count();
        cache.touch(id, this);
        return count() == count ? slot : find(id); // a policy that evicts on a hit moves slots
    }

    private int find(long id) {
        return byEntry != null ? byEntry.find(id) : entries.find(id);
    }

    private long size(int slot) {
        return byEntry != null ? byEntry.size(slot) : entries.size(slot);
    }

    private int count() {
        return byEntry != null ? byEntry.count() : entries.count();
    }

    /** Epoch ms before which a plain GET finds the response in {@code slot} fresh. */
    long freshUntil(int slot) {
        return byEntry != null ? byEntry.freshUntil(slot) : entries.freshUntil(slot);
    }

    Stored stored(int slot) {
        return byEntry != null ? byEntry.stored(slot) : entries.stored(slot);
    }

    /** Stores (or replaces) the object's response; the policy may decline it or evict others for it. */
    void store(long id, Stored s) {
        if (byEntry != null) {
            if (byEntry.find(id) >= 0 && cache.remove(id)) {
                byEntry.left(); // replaced: the policy takes it again at its new weight
            }
            if (cache.admit(id, mode.weight(s.size()), this)) {
                byEntry.admitted(id, s);
            }
            return;
        }
        if (entries.put(id, s)) {
            cache.remove(id); // replaced: the policy takes it again at its new weight
        }
        if (!cache.admit(id, mode.weight(s.size()), this)) {
            entries.remove(id);
        }
    }

    void remove(long id) {
        if (byEntry != null) {
            if (cache.remove(id)) {
                byEntry.left();
            }
        } else if (entries.remove(id)) {
            cache.remove(id);
        }
    }

    @Override
    public void evicted(long key, long weight) {
        if (byEntry != null) {
            byEntry.left();
        } else {
            entries.remove(key);
        }
    }

    long[] storedIds() {
        return byEntry != null ? byEntry.ids() : entries.ids();
    }

    /** What is stored for the object, not counted as an access; null when nothing is. */
    Stored peek(long id) {
        int slot = find(id);
        return slot < 0 ? null : stored(slot);
    }

    void checkInvariants() {
        cache.checkInvariants();
        if (count() != cache.residentCount()) {
            throw new IllegalStateException(name + ": " + count() + " stored responses but " + cache.residentCount() + " resident keys");
        }
    }
}
