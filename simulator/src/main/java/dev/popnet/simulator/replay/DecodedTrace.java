package dev.popnet.simulator.replay;

import dev.popnet.simulator.trace.TraceCursor;
import java.util.Arrays;

/**
 * A small trace decoded once into primitive arrays, so the working set, the next-access check and every
 * run read memory instead of decoding the file again. Bounded: a trace with more requests than the bound
 * is not held (the caller streams it as before).
 */
final class DecodedTrace {
    private long[] times;
    private long[] ids;
    private long[] sizes;
    private long[] next;
    private int count;

    private DecodedTrace(int initial) {
        times = new long[initial];
        ids = new long[initial];
        sizes = new long[initial];
        next = new long[initial];
    }

    /** Every request of {@code cursor} (closed here), or null when it holds more than {@code maxRequests}. */
    static DecodedTrace read(TraceCursor cursor, int maxRequests) {
        try (cursor) {
            DecodedTrace t = new DecodedTrace(Math.min(1 << 16, maxRequests));
            while (cursor.advance()) {
                if (t.count == maxRequests) {
                    return null;
                }
                if (t.count == t.ids.length) {
                    int grown = (int) Math.min(maxRequests, 2L * t.count);
                    t.times = Arrays.copyOf(t.times, grown);
                    t.ids = Arrays.copyOf(t.ids, grown);
                    t.sizes = Arrays.copyOf(t.sizes, grown);
                    t.next = Arrays.copyOf(t.next, grown);
                }
                t.times[t.count] = cursor.time();
                t.ids[t.count] = cursor.id();
                t.sizes[t.count] = cursor.size();
                t.next[t.count] = cursor.nextAccess();
                t.count++;
            }
            return t;
        }
    }

    int requests() {
        return count;
    }

    /** A fresh cursor over the decoded requests, as the file's cursor would return them. */
    TraceCursor cursor() {
        return new TraceCursor() {
            private int at = -1;

            @Override
            public boolean advance() {
                return ++at < count;
            }

            @Override
            public long time() {
                return times[at];
            }

            @Override
            public long id() {
                return ids[at];
            }

            @Override
            public long size() {
                return sizes[at];
            }

            @Override
            public long nextAccess() {
                return next[at];
            }

            @Override
            public String position() {
                return "request " + at;
            }

            @Override
            public void close() {
                // memory only
            }
        };
    }
}
