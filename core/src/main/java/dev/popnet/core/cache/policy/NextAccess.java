package dev.popnet.core.cache.policy;

/** Precomputes, for each request of a sequence, the index of the next request for the same object. */
public final class NextAccess {
    private NextAccess() {
    }

    /** next[i] = smallest j > i with keys[j] == keys[i], or Long.MAX_VALUE. */
    public static long[] indexes(long[] keys) {
        long[] next = new long[keys.length];
        LongObjectMap<long[]> lastSeen = new LongObjectMap<>(keys.length / 4 + 16);
        for (int i = keys.length - 1; i >= 0; i--) {
            long[] seen = lastSeen.get(keys[i]);
            if (seen == null) {
                next[i] = Long.MAX_VALUE;
                lastSeen.put(keys[i], new long[] {i});
            } else {
                next[i] = seen[0];
                seen[0] = i;
            }
        }
        return next;
    }
}
