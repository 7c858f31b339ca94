package dev.popnet.simulator.engine;

import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.ResponseHead;
import dev.popnet.core.cache.decision.Stored;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An edge's stored responses by object id, held in primitive arrays only. A hit reads one slot: the id,
 * the size and the instant the response stops being fresh for a plain GET ({@link
 * CacheMachine#plainFreshUntil}) sit side by side, so the common fresh hit touches one cache line; the
 * rest of each {@link Stored} (its times, version and head, the head as an index into the few heads
 * the origin sends) sits in a second array and is made back into a {@code Stored} only when the
 * machine has to decide. Keeping no object per entry spares the collector: nothing per entry to
 * promote, no reference written into a long-lived array. Open addressing with linear probing; a
 * removal shifts later entries back, so there are no tombstones.
 */
final class StoredTable {
    /** Longs per slot in {@code hot}: id, size (EMPTY when the slot is free), fresh-until. */
    private static final int HOT = 3;
    /** Longs per slot in {@code cold}: request time, response time, initial age, version, head index. */
    private static final int COLD = 5;
    private static final long EMPTY = -1;

    private long[] hot;
    private long[] cold;
    private int mask;
    private int count;
    private final Heads heads;

    /** The response heads stored responses refer to, by index: one set for a whole run, so every table agrees. */
    static final class Heads {
        private final Map<ResponseHead, Integer> index = new IdentityHashMap<>();
        private ResponseHead[] byIndex = new ResponseHead[4];
        private ResponseHead last;
        private int lastIndex;

        int indexOf(ResponseHead head) {
            if (head != last) {
                Integer known = index.get(head);
                if (known == null) {
                    known = index.size();
                    index.put(head, known);
                    if (known == byIndex.length) {
                        byIndex = Arrays.copyOf(byIndex, known * 2);
                    }
                    byIndex[known] = head;
                }
                last = head;
                lastIndex = known;
            }
            return lastIndex;
        }

        ResponseHead get(int i) {
            return byIndex[i];
        }
    }

    StoredTable(int expected, Heads heads) {
        this.heads = heads;
        allocate(Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1);
    }

    private void allocate(int capacity) {
        hot = new long[capacity * HOT];
        for (int i = 1; i < hot.length; i += HOT) {
            hot[i] = EMPTY;
        }
        cold = new long[capacity * COLD];
        mask = capacity - 1;
    }

    private static int hash(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The slot holding {@code id}, or -1. */
    int find(long id) {
        for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
            int at = i * HOT;
            if (hot[at + 1] == EMPTY) {
                return -1;
            }
            if (hot[at] == id) {
                return i;
            }
        }
    }

    long size(int slot) {
        return hot[slot * HOT + 1];
    }

    /** Epoch ms before which a plain GET finds the response fresh. */
    long freshUntil(int slot) {
        return hot[slot * HOT + 2];
    }

    /** The stored response in {@code slot}, made anew on each call. */
    Stored stored(int slot) {
        int at = slot * COLD;
        return new Stored(heads.get((int) cold[at + 4]), cold[at], cold[at + 1], cold[at + 2], hot[slot * HOT + 1], cold[at + 3]);
    }

    /** Stores or replaces {@code id}'s response; returns true when it replaced one. */
    boolean put(long id, Stored s) {
        for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
            int at = i * HOT;
            boolean free = hot[at + 1] == EMPTY;
            if (free || hot[at] == id) {
                set(i, id, s);
                if (free && ++count * 2 > mask + 1) {
                    grow();
                }
                return !free;
            }
        }
    }

    private void set(int i, long id, Stored s) {
        int at = i * HOT;
        hot[at] = id;
        hot[at + 1] = s.size();
        hot[at + 2] = CacheMachine.plainFreshUntil(s);
        at = i * COLD;
        cold[at] = s.requestTime();
        cold[at + 1] = s.responseTime();
        cold[at + 2] = s.initialAgeMillis();
        cold[at + 3] = s.version();
        cold[at + 4] = heads.indexOf(s.head());
    }

    /** Removes {@code id}'s response; returns whether there was one. */
    boolean remove(long id) {
        int i = find(id);
        if (i < 0) {
            return false;
        }
        shiftBack(i);
        count--;
        return true;
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (hot[i * HOT + 1] == EMPTY) {
                hot[hole * HOT + 1] = EMPTY;
                return;
            }
            int home = hash(hot[i * HOT]) & mask;
            // Move entry i into the hole unless its home lies cyclically in (hole, i].
            boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays) {
                copy(hot, cold, i, hole);
                hole = i;
            }
        }
    }

    private void copy(long[] fromHot, long[] fromCold, int from, int to) {
        System.arraycopy(fromHot, from * HOT, hot, to * HOT, HOT);
        System.arraycopy(fromCold, from * COLD, cold, to * COLD, COLD);
    }

    private void grow() {
        long[] oldHot = hot;
        long[] oldCold = cold;
        int capacity = mask + 1;
        allocate(capacity * 2);
        for (int i = 0; i < capacity; i++) {
            if (oldHot[i * HOT + 1] != EMPTY) {
                int j = hash(oldHot[i * HOT]) & mask;
                while (hot[j * HOT + 1] != EMPTY) {
                    j = (j + 1) & mask;
                }
                copy(oldHot, oldCold, i, j);
            }
        }
    }

    /** A snapshot of the ids, so the caller may remove while going through them. */
    long[] ids() {
        long[] out = new long[count];
        int n = 0;
        for (int i = 0; i <= mask; i++) {
            if (hot[i * HOT + 1] != EMPTY) {
                out[n++] = hot[i * HOT];
            }
        }
        return out;
    }

    int count() {
        return count;
    }
}
