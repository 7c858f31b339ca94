package dev.popnet.core.cache.policy;

/**
 * The frequency estimator of libCacheSim's W-TinyLFU: a counting Bloom filter sized for {@code entries}
 * at a 0.1% error (about 14.4 counters an entry, 10 hash functions from two 64-bit xxHash values), every
 * counter of a key incremented on add, the minimum read back, all halved on decay. Large filters (byte
 * capacities) keep only their non-zero counters, so memory follows the keys seen, not the filter's size.
 */
final class CountingBloomFilter {
    private static final long PRIME1 = 0x9E3779B185EBCA87L;
    private static final long PRIME2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME3 = 0x165667B19E3779F9L;
    private static final long PRIME4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME5 = 0x27D4EB2F165667C5L;
    private static final int DENSE_LIMIT = 1 << 24;
    private final int hashes;
    private final int counters;
    private final long seed0;
    private final long seed1;
    /** ceil(2^64 / counters), for dividing without a division instruction (Lemire et al., "Faster remainder by direct computation"). */
    private final long reciprocal;
    private final int[] dense;
    private final SparseCounters sparse;

    CountingBloomFilter(int entries, double error, long seed0, long seed1) {
        double bitsPerEntry = -Math.log(error) / 0.480453013918201;
        this.hashes = (int) Math.ceil(0.693147180559945 * bitsPerEntry);
        int n = (int) Math.min(Math.ceil(bitsPerEntry * entries), Integer.MAX_VALUE);
        this.counters = Math.max(n, hashes * 2);
        this.seed0 = seed0;
        this.seed1 = seed1;
        this.reciprocal = reciprocal(counters);
        this.dense = counters <= DENSE_LIMIT ? new int[counters] : null;
        this.sparse = dense == null ? new SparseCounters() : null;
    }

    /** Adds one occurrence of key. */
    void add(long key) {
        int a = (int) xxh64(key, seed0);
        int b = (int) xxh64(key, seed1);
        int[] d = dense;
        if (d != null) {
            for (int i = 0; i < hashes; i++) {
                d[slot(a, b, i)]++;
            }
        } else {
            for (int i = 0; i < hashes; i++) {
                sparse.increment(slot(a, b, i));
            }
        }
    }

    /** The estimated count of key: the smallest of its counters. */
    long estimate(long key) {
        int a = (int) xxh64(key, seed0);
        int b = (int) xxh64(key, seed1);
        int[] d = dense;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < hashes; i++) {
            int x = slot(a, b, i);
            min = Math.min(min, d != null ? Integer.toUnsignedLong(d[x]) : sparse.get(x));
        }
        return min;
    }

    /** Halves every counter (aging). */
    void decay() {
        if (dense != null) {
            for (int i = 0; i < dense.length; i++) {
                dense[i] >>>= 1;
            }
        } else {
            sparse.halve();
        }
    }

    /** (a + i·b) mod 2^32, then mod the counter count, in unsigned 32-bit arithmetic as the reference computes it. */
    private int slot(int a, int b, int i) {
        return remainder(Integer.toUnsignedLong(a + i * b), reciprocal, counters);
    }

    /** x mod d for x below 2^32 and 0 < d below 2^31, exactly, by two multiplications: the high 64 bits of frac(x / d) · d. */
    static int remainder(long x, long reciprocal, int d) {
        long fraction = reciprocal * x;
        // Unsigned high half of fraction · d: the signed one, corrected for fraction's sign bit (d is positive).
        return (int) (Math.multiplyHigh(fraction, d) + (fraction >> 63 & d));
    }

    static long reciprocal(int d) {
        return Long.divideUnsigned(-1L, d) + 1;
    }

    /** xxHash64 of the key's 8 little-endian bytes. */
    static long xxh64(long key, long seed) {
        long h = seed + PRIME5 + 8;
        long k = key * PRIME2;
        k = Long.rotateLeft(k, 31) * PRIME1;
        h ^= k;
        h = Long.rotateLeft(h, 27) * PRIME1 + PRIME4;
        h ^= h >>> 33;
        h *= PRIME2;
        h ^= h >>> 29;
        h *= PRIME3;
        h ^= h >>> 32;
        return h;
    }

    /** Non-zero counters of a very large filter, by index (open addressing, zeros dropped on halving). */
    private static final class SparseCounters {
        private int[] slots = new int[1 << 16];
        private int[] values = new int[1 << 16];
        private int size;

        private int find(int slot) {
            int mask = slots.length - 1;
            int i = (slot * 0x9E3779B9) >>> 7 & mask;
            while (values[i] != 0 && slots[i] != slot) {
                i = (i + 1) & mask;
            }
            return i;
        }

        long get(int slot) {
            int i = find(slot);
            return values[i] == 0 ? 0 : Integer.toUnsignedLong(values[i]);
        }

        void increment(int slot) {
            int i = find(slot);
            if (values[i] == 0) {
                slots[i] = slot;
                size++;
            }
            values[i]++;
            if (size * 2 > slots.length) {
                rehash(slots.length * 2);
            }
        }

        void halve() {
            for (int i = 0; i < values.length; i++) {
                values[i] >>>= 1;
            }
            rehash(slots.length);
        }

        private void rehash(int length) {
            int[] oldSlots = slots;
            int[] oldValues = values;
            slots = new int[length];
            values = new int[length];
            size = 0;
            for (int i = 0; i < oldSlots.length; i++) {
                if (oldValues[i] != 0) {
                    int j = find(oldSlots[i]);
                    slots[j] = oldSlots[i];
                    values[j] = oldValues[i];
                    size++;
                }
            }
        }
    }
}
