package dev.popnet.core.cache.admission;

import dev.popnet.core.cache.EvictionPolicy;

/**
 * Admits an object on its second miss (Akamai's "cache on second hit", Maggs and Sitaraman '15): a Bloom
 * filter remembers keys missed once. It is sized for {@code expected} keys at 1% false positives and
 * cleared once that many were added, so its error stays bounded on endless streams.
 */
public final class SecondHitAdmission implements AdmissionFilter {
    private final long expected;
    private final long[] bits;
    private final int hashes;
    private long added;

    public SecondHitAdmission(long expected) {
        if (expected < 1) {
            throw new IllegalArgumentException("second-hit admission needs a positive expected key count, got " + expected);
        }
        this.expected = expected;
        long m = (long) Math.ceil(-expected * Math.log(0.01) / (Math.log(2) * Math.log(2)));
        this.bits = new long[(int) Math.min(Integer.MAX_VALUE / 2, (m + 63) / 64)];
        this.hashes = (int) Math.max(1, Math.round((double) m / expected * Math.log(2)));
    }

    @Override
    public String name() {
        return "second-hit(keys=" + expected + ")";
    }

    @Override
    public boolean admit(long key, long weight, EvictionPolicy cache) {
        long h1 = mix(key);
        long h2 = mix(h1) | 1;
        long size = (long) bits.length * 64;
        boolean seen = true;
        for (int i = 0; i < hashes; i++) {
            long bit = Long.remainderUnsigned(h1 + i * h2, size);
            long mask = 1L << (bit & 63);
            int word = (int) (bit >>> 6);
            if ((bits[word] & mask) == 0) {
                seen = false;
                bits[word] |= mask;
            }
        }
        if (!seen && ++added >= expected) {
            java.util.Arrays.fill(bits, 0);
            added = 0;
        }
        return seen;
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }
}
