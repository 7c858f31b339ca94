package dev.popnet.core.cache.policy;

/**
 * Open-addressing hash map from long keys to non-negative ints (a policy's key to slot index): one
 * primitive array holding each bucket's key and value side by side, so a lookup touches one cache line
 * and an update stores no reference. Linear probing; removal shifts later entries back, so there are no
 * tombstones.
 */
final class LongIntMap {
    /** {@link #get} for an absent key. */
    static final int ABSENT = -1;
    /** Bucket i: key at 2i, value + 1 at 2i + 1 (0 marks an empty bucket). */
    private long[] table;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int buckets = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[buckets * 2];
        mask = buckets - 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    int get(long key) {
        int i = bucket(key);
        return i < 0 ? ABSENT : (int) table[2 * i + 1] - 1;
    }

    /** The bucket holding key, or -1. */
    private int bucket(long key) {
        long[] t = table;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (t[2 * i + 1] == 0) {
                return -1;
            }
            if (t[2 * i] == key) {
                return i;
            }
        }
    }

    /** Maps key to a value of at least 0; returns the previous value or {@link #ABSENT}. */
    int put(long key, int value) {
        long[] t = table;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            long v = t[2 * i + 1];
            if (v == 0) {
                t[2 * i] = key;
                t[2 * i + 1] = value + 1L;
                if (++size * 2 > mask + 1) {
                    grow();
                }
                return ABSENT;
            }
            if (t[2 * i] == key) {
                t[2 * i + 1] = value + 1L;
                return (int) v - 1;
            }
        }
    }

    /** Removes key; returns its value or {@link #ABSENT}. */
    int remove(long key) {
        int i = bucket(key);
        if (i < 0) {
            return ABSENT;
        }
        int value = (int) table[2 * i + 1] - 1;
        shiftBack(i);
        size--;
        return value;
    }

    private void shiftBack(int hole) {
        long[] t = table;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (t[2 * i + 1] == 0) {
                t[2 * hole + 1] = 0;
                return;
            }
            int home = hash(t[2 * i]) & mask;
            // Move entry i into the hole unless its home lies cyclically in (hole, i].
            boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays) {
                t[2 * hole] = t[2 * i];
                t[2 * hole + 1] = t[2 * i + 1];
                hole = i;
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        mask = old.length - 1;
        for (int j = 0; j < old.length; j += 2) {
            if (old[j + 1] != 0) {
                int i = hash(old[j]) & mask;
                while (table[2 * i + 1] != 0) {
                    i = (i + 1) & mask;
                }
                table[2 * i] = old[j];
                table[2 * i + 1] = old[j + 1];
            }
        }
    }

    int size() {
        return size;
    }
}
