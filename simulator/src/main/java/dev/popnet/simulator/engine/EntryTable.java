package dev.popnet.simulator.engine;

import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.Stored;
import java.util.Arrays;

/**
 * An edge's stored responses kept by the eviction policy's own entry numbers ({@link
 * EvictionPolicy#entryOf}): the policy's lookup of a key finds its stored response too, so a request pays
 * for one hash lookup instead of two, and an eviction moves nothing here (a freed entry's slot is written
 * over when the policy hands its number out again). What a fresh hit reads, the size and the instant
 * the copy stops being fresh, sits in its own dense array, 16 bytes a slot.
 */
final class EntryTable {
    /** Longs per slot in {@code hot}: size (UNWRITTEN until the slot is first used), fresh-until; all a fresh hit reads. */
    private static final int HOT = 2;
    /** Longs per slot in {@code cold}: id, request time, response time, initial age, version, head index. */
    private static final int COLD = 6;
    private static final long UNWRITTEN = -1;
    private final EvictionPolicy policy;
    private final StoredTable.Heads heads;
    private long[] hot = new long[0];
    private long[] cold = new long[0];
    private int count;

    EntryTable(EvictionPolicy policy, StoredTable.Heads heads) {
        this.policy = policy;
        this.heads = heads;
    }

    /** The slot holding {@code id}, or -1. */
    int find(long id) {
        return policy.entryOf(id);
    }

    long size(int slot) {
        return hot[slot * HOT];
    }

    long freshUntil(int slot) {
        return hot[slot * HOT + 1];
    }

    Stored stored(int slot) {
        int at = slot * COLD;
        return new Stored(heads.get((int) cold[at + 5]), cold[at + 1], cold[at + 2], cold[at + 3], hot[slot * HOT], cold[at + 4]);
    }

    /** Keeps the response of {@code id}, which the policy has just admitted. */
    void admitted(long id, Stored s) {
        int slot = policy.entryOf(id);
        if (slot * HOT >= hot.length) {
            int slots = Math.max(1024, Integer.highestOneBit(slot) << 1);
            int from = hot.length;
            hot = Arrays.copyOf(hot, slots * HOT);
            cold = Arrays.copyOf(cold, slots * COLD);
            for (int i = from; i < hot.length; i += HOT) {
                hot[i] = UNWRITTEN;
            }
        }
        hot[slot * HOT] = s.size();
        hot[slot * HOT + 1] = CacheMachine.plainFreshUntil(s);
        int at = slot * COLD;
        cold[at] = id;
        cold[at + 1] = s.requestTime();
        cold[at + 2] = s.responseTime();
        cold[at + 3] = s.initialAgeMillis();
        cold[at + 4] = s.version();
        cold[at + 5] = heads.indexOf(s.head());
        count++;
    }

    /** The policy let go of one of the keys (eviction, removal). */
    void left() {
        count--;
    }

    /** The ids stored now: each written slot whose id the policy still keeps there. */
    long[] ids() {
        long[] out = new long[count];
        int n = 0;
        for (int slot = 0; slot * HOT < hot.length; slot++) {
            long id = cold[slot * COLD];
            if (hot[slot * HOT] != UNWRITTEN && policy.entryOf(id) == slot) {
                out[n++] = id;
            }
        }
        return n == count ? out : Arrays.copyOf(out, n);
    }

    int count() {
        return count;
    }
}
