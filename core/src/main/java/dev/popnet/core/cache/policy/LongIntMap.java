package dev.popnet.core.cache.policy;

/**
 * Open-addressing hash map from long keys to non-negative ints (a policy's key to slot index): two
 * primitive arrays, so lookups touch no objects and updates store no references. Linear probing;
 * removal shifts later entries back, so there are no tombstones.
 */
final class LongIntMap {
    /** {@link #get} for an absent key. */
    static final int ABSENT = -1;
    private long[] keys;
    /** The value plus one; 0 marks an empty bucket. */
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    int get(long key) {
        long[] k = keys;
        int[] v = values;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int x = v[i];
            if (x == 0) {
                return ABSENT;
            }
            if (k[i] == key) {
                return x - 1;
            }
        }
    }

    /** Maps key to a value of at least 0; returns the previous value or {@link #ABSENT}. */
    int put(long key, int value) {
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int x = values[i];
            if (x == 0) {
                keys[i] = key;
                values[i] = value + 1;
                if (++size * 2 > values.length) {
                    grow();
                }
                return ABSENT;
            }
            if (keys[i] == key) {
                values[i] = value + 1;
                return x - 1;
            }
        }
    }

    /** Removes key; returns its value or {@link #ABSENT}. */
    int remove(long key) {
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int x = values[i];
            if (x == 0) {
                return ABSENT;
            }
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                return x - 1;
            }
        }
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == 0) {
                values[hole] = 0;
                return;
            }
            int home = hash(keys[i]) & mask;
            // Move entry i into the hole unless its home lies cyclically in (hole, i].
            boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != 0) {
                int i = hash(oldKeys[j]) & mask;
                while (values[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    int size() {
        return size;
    }
}
