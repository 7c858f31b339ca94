package dev.popnet.simulator.replay;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.simulator.trace.TraceCursor;
import java.util.Arrays;

/**
 * LRU's miss ratio at every capacity from one pass over a trace (Mattson's stack algorithm): a request
 * hits an LRU cache of capacity C exactly when the objects requested since its object's last request
 * (plus itself) fit in C. A Fenwick tree over request positions, marking each object's latest request,
 * gives that reuse distance in objects, or in bytes (sizes as last requested), in O(log n). Exact for
 * object capacities; for bytes it is the usual stack approximation (LRU may hold less than C when
 * objects do not fill it exactly).
 *
 * <p>With a sampling rate below 1 it is SHARDS (Waldspurger et al., FAST '15): only objects whose hash
 * falls under rate × 2^24 are tracked, and their distances are scaled by 1/rate, so a large trace costs a
 * fraction of the memory and time. The sample is adjusted as the paper's SHARDS-adj does: the difference
 * between the requests expected in the sample (rate × all) and those sampled is counted as hits at
 * distance zero, which removes most of the bias a few very popular objects cause.
 */
public final class MissRatioCurve {
    private static final int SPACE = 1 << 24;
    private final long[] thresholds;
    private final long requests;
    private final double expected;
    private final double rate;

    private MissRatioCurve(long[] thresholds, long requests, double expected, double rate) {
        this.thresholds = thresholds;
        this.requests = requests;
        this.expected = expected;
        this.rate = rate;
    }

    /** Reads the cursor to its end (and closes it); requests of size 0 are skipped, as in replay. */
    public static MissRatioCurve compute(TraceCursor cursor, CapacityMode mode, double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1], got " + rate);
        }
        long limit = (long) Math.ceil(rate * SPACE);
        LongLongMap lastPosition = new LongLongMap(1 << 16);
        Fenwick tree = new Fenwick();
        long[] sizeAt = new long[1 << 16];
        long[] thresholds = new long[1 << 16];
        int hitCount = 0;
        int position = 0;
        long all = 0;
        try (cursor) {
            while (cursor.advance()) {
                long size = cursor.size();
                if (size == 0) {
                    continue;
                }
                all++;
                if (sampleHash(cursor.id()) >= limit) {
                    continue;
                }
                long weight = mode.weight(size);
                long last = lastPosition.put(cursor.id(), position, -1);
                if (last >= 0) {
                    long between = tree.sum(position - 1) - tree.sum((int) last);
                    long threshold = (long) Math.ceil((between + weight) / rate);
                    if (hitCount == thresholds.length) {
                        thresholds = Arrays.copyOf(thresholds, hitCount * 2);
                    }
                    thresholds[hitCount++] = threshold;
                    tree.add((int) last, -sizeAt[(int) last]);
                }
                if (position == sizeAt.length) {
                    sizeAt = Arrays.copyOf(sizeAt, position * 2);
                }
                sizeAt[position] = weight;
                tree.add(position, weight);
                position++;
            }
        }
        long[] sorted = Arrays.copyOf(thresholds, hitCount);
        Arrays.sort(sorted);
        return new MissRatioCurve(sorted, position, rate == 1 ? position : all * rate, rate);
    }

    /** Miss ratio of an LRU cache of this capacity (objects or bytes, as computed). */
    public double missRatio(long capacity) {
        if (requests == 0) {
            return 0;
        }
        double hits = upperBound(thresholds, capacity);
        if (capacity > 0) {
            hits += expected - requests;
        }
        return Math.min(1, Math.max(0, 1 - hits / expected));
    }

    /** Requests the curve is built from (the sampled ones under SHARDS). */
    public long sampledRequests() {
        return requests;
    }

    public double rate() {
        return rate;
    }

    /** Index of the first element greater than value. */
    private static int upperBound(long[] a, long value) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long sampleHash(long id) {
        long x = id * 0x9E3779B97F4A7C15L;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return (x ^ (x >>> 32)) & (SPACE - 1);
    }

    /** A growable Fenwick tree of long sums over positions 0.. */
    private static final class Fenwick {
        private long[] tree = new long[1 << 16];

        void add(int position, long delta) {
            if (position + 1 >= tree.length) {
                grow(position + 2);
            }
            for (int i = position + 1; i < tree.length; i += i & -i) {
                tree[i] += delta;
            }
        }

        /** Sum over positions 0..position (inclusive); -1 gives 0. */
        long sum(int position) {
            long s = 0;
            for (int i = Math.min(position + 1, tree.length - 1); i > 0; i -= i & -i) {
                s += tree[i];
            }
            return s;
        }

        private void grow(int needed) {
            int n = tree.length;
            int size = n;
            while (size < needed) {
                size *= 2;
            }
            // rebuild: a Fenwick tree cannot simply be extended, its upper nodes cover new ranges
            long[] values = new long[n - 1];
            for (int i = 0; i < n - 1; i++) {
                values[i] = sum(i) - (i == 0 ? 0 : sum(i - 1));
            }
            tree = new long[size];
            for (int i = 0; i < values.length; i++) {
                for (int j = i + 1; j < tree.length; j += j & -j) {
                    tree[j] += values[i];
                }
            }
        }
    }
}
