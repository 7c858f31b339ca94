package dev.popnet.simulator.engine;

/**
 * A queue in front of {@code servers} identical servers (an edge's cores, the origin's connection
 * slots, a link), first come first served: a job arriving at t starts when the earliest server is free.
 * Jobs must be offered in order of arrival (the event queue sees to that), which makes this exact with
 * no completion events: each server only needs the time it next falls free, kept in a min-heap.
 */
final class Resource {
    private final long[] freeAt;
    private long busyNanos;

    Resource(int servers) {
        this.freeAt = new long[servers];
    }

    /**
     * Takes a server for {@code serviceNanos} from when one is free; returns that start time, or -1
     * (and takes nothing) when the job would wait more than {@code maxWaitNanos}.
     */
    long admit(long arrivalNanos, long serviceNanos, long maxWaitNanos) {
        long start = Math.max(arrivalNanos, freeAt[0]);
        if (start - arrivalNanos > maxWaitNanos) {
            return -1;
        }
        busyNanos += serviceNanos;
        siftDown(start + serviceNanos);
        return start;
    }

    /** Replaces the earliest-free server's time and restores the heap. */
    private void siftDown(long value) {
        int n = freeAt.length;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && freeAt[child + 1] < freeAt[child]) {
                child++;
            }
            if (freeAt[child] >= value) {
                break;
            }
            freeAt[i] = freeAt[child];
            i = child;
        }
        freeAt[i] = value;
    }

    int servers() {
        return freeAt.length;
    }

    /** Server time handed out so far, queued work included. */
    long busyNanos() {
        return busyNanos;
    }

    /** Server time actually worked by {@code now}: what was handed out, less what is still ahead of the servers. */
    long workedBy(long now) {
        long ahead = 0;
        for (long free : freeAt) {
            ahead += Math.max(0, free - now);
        }
        return busyNanos - ahead;
    }
}
