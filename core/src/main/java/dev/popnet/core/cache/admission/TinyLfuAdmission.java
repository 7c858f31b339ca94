package dev.popnet.core.cache.admission;

import dev.popnet.core.cache.EvictionPolicy;

/**
 * TinyLFU admission (Einziger et al., ToS '17): a count-min sketch (4 rows of 4-bit counters, halved
 * every 10 × {@code expected} requests) counts every request; when the cache must evict to admit, the
 * candidate enters only if it was requested more often than the policy's next victim. Policies that
 * cannot name their victim without evicting ({@link EvictionPolicy#peekVictim}) admit a candidate seen
 * at least twice.
 */
public final class TinyLfuAdmission implements AdmissionFilter {
    private final long expected;
    private final long[] table;
    private final int mask;
    private final long resetAt;
    private long additions;

    public TinyLfuAdmission(long expected) {
        if (expected < 1) {
            throw new IllegalArgumentException("tinylfu admission needs a positive expected key count, got " + expected);
        }
        this.expected = expected;
        int size = Integer.highestOneBit((int) Math.min(1 << 26, Math.max(64, expected)) * 2 - 1);
        this.table = new long[size];
        this.mask = size - 1;
        this.resetAt = 10 * expected;
    }

    @Override
    public String name() {
        return "tinylfu(keys=" + expected + ")";
    }

    @Override
    public void requested(long key, long weight) {
        long h = spread(key);
        boolean added = false;
        for (int row = 0; row < 4; row++) {
            int i = index(h, row);
            int shift = offset(h, row);
            if ((table[i] >>> shift & 0xF) < 15) {
                table[i] += 1L << shift;
                added = true;
            }
        }
        if (added && ++additions >= resetAt) {
            for (int i = 0; i < table.length; i++) {
                table[i] = (table[i] >>> 1) & 0x7777_7777_7777_7777L;
            }
            additions /= 2;
        }
    }

    @Override
    public boolean admit(long key, long weight, EvictionPolicy cache) {
        if (cache.usedWeight() + weight <= cache.capacity()) {
            return true;
        }
        long victim = cache.peekVictim();
        return victim == EvictionPolicy.NO_KEY ? frequency(key) >= 2 : frequency(key) > frequency(victim);
    }

    int frequency(long key) {
        long h = spread(key);
        int min = 15;
        for (int row = 0; row < 4; row++) {
            min = Math.min(min, (int) (table[index(h, row)] >>> offset(h, row) & 0xF));
        }
        return min;
    }

    private int index(long h, int row) {
        long x = (h + row * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return (int) (x >>> 40) & mask;
    }

    private static int offset(long h, int row) {
        return (int) ((h >>> (row * 8)) & 0xF) << 2;
    }

    private static long spread(long key) {
        long x = key * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 32);
    }
}
