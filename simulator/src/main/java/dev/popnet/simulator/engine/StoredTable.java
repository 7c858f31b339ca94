package dev.popnet.simulator.engine;

import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.Stored;

/**
 * An edge's stored responses by object id. A hit reads one slot: the id, the size and the instant the
 * response stops being fresh for a plain GET ({@link CacheMachine#plainFreshUntil}) sit side by side in
 * one primitive array, so the common fresh hit touches one cache line here; the full {@link Stored}
 * beside them is read only when the machine has to decide. Open addressing with linear probing; a
 * removal shifts later entries back, so there are no tombstones.
 */
final class StoredTable {
    /** Longs per slot: id, size (EMPTY when the slot is free), fresh-until. */
    private static final int STRIDE = 3;
    private static final long EMPTY = -1;

    private long[] slots;
    private Stored[] stored;
    private int mask;
    private int count;

    StoredTable(int expected) {
        allocate(Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1);
    }

    private void allocate(int capacity) {
        slots = new long[capacity * STRIDE];
        for (int i = 1; i < slots.length; i += STRIDE) {
            slots[i] = EMPTY;
        }
        stored = new Stored[capacity];
        mask = capacity - 1;
    }

    private static int hash(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The slot holding {@code id}, or -1. */
    int find(long id) {
        for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            if (slots[at + 1] == EMPTY) {
                return -1;
            }
            if (slots[at] == id) {
                return i;
            }
        }
    }

    long size(int slot) {
        return slots[slot * STRIDE + 1];
    }

    /** Epoch ms before which a plain GET finds the response fresh. */
    long freshUntil(int slot) {
        return slots[slot * STRIDE + 2];
    }

    Stored stored(int slot) {
        return stored[slot];
    }

    /** Stores or replaces {@code id}'s response; returns true when it replaced one. */
    boolean put(long id, Stored s) {
        for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            boolean free = slots[at + 1] == EMPTY;
            if (free || slots[at] == id) {
                set(i, id, s);
                if (free && ++count * 2 > stored.length) {
                    grow();
                }
                return !free;
            }
        }
    }

    private void set(int i, long id, Stored s) {
        int at = i * STRIDE;
        slots[at] = id;
        slots[at + 1] = s.size();
        slots[at + 2] = CacheMachine.plainFreshUntil(s);
        stored[i] = s;
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
            int at = i * STRIDE;
            if (slots[at + 1] == EMPTY) {
                slots[hole * STRIDE + 1] = EMPTY;
                stored[hole] = null;
                return;
            }
            int home = hash(slots[at]) & mask;
            // Move entry i into the hole unless its home lies cyclically in (hole, i].
            boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays) {
                System.arraycopy(slots, at, slots, hole * STRIDE, STRIDE);
                stored[hole] = stored[i];
                hole = i;
            }
        }
    }

    private void grow() {
        long[] oldSlots = slots;
        Stored[] oldStored = stored;
        allocate(oldStored.length * 2);
        for (int i = 0; i < oldStored.length; i++) {
            if (oldSlots[i * STRIDE + 1] != EMPTY) {
                int j = hash(oldSlots[i * STRIDE]) & mask;
                while (slots[j * STRIDE + 1] != EMPTY) {
                    j = (j + 1) & mask;
                }
                System.arraycopy(oldSlots, i * STRIDE, slots, j * STRIDE, STRIDE);
                stored[j] = oldStored[i];
            }
        }
    }

    /** A snapshot of the ids, so the caller may remove while going through them. */
    long[] ids() {
        long[] out = new long[count];
        int n = 0;
        for (int i = 0; i < stored.length; i++) {
            if (slots[i * STRIDE + 1] != EMPTY) {
                out[n++] = slots[i * STRIDE];
            }
        }
        return out;
    }

    int count() {
        return count;
    }
}
