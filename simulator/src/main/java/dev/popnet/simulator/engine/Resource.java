package dev.popnet.simulator.engine;

/**
 * A queue in front of {@code servers} identical servers (an edge's cores, the origin's connection
 * slots, a link), first come first served: a job arriving at t starts when the earliest server is free.
 * Jobs must be offered in order of arrival (the event queue sees to that), which makes this exact with
 * no completion events: each server only needs the time it next falls free. While jobs finish in the
 * order they start (one server, or a constant service time such as the origin's) those times form a
 * sorted ring and a job costs O(1); the first job that finishes before an earlier one turns the ring
 * into a min-heap for good.
 */
final class Resource {
    private final long[] freeAt;
    /** Ring: where the earliest free time is (the one before it is the latest). */
    private int head;
    private boolean heap;
    private long busyNanos;

    Resource(int servers) {
        this.freeAt = new long[servers];
    }

    /**
     * Takes a server for {@code serviceNanos} from when one is free; returns that start time, or -1
     * (and takes nothing) when the job would wait more than {@code maxWaitNanos}.
     */
    long admit(long arrivalNanos, long serviceNanos, long maxWaitNanos) {
        long start = Math.max(arrivalNanos, freeAt[heap ? 0 : head]);
        if (start - arrivalNanos > maxWaitNanos) {
            return -1;
        }
        busyNanos += serviceNanos;
        long end = start + serviceNanos;
        if (!heap) {
            if (end >= freeAt[head == 0 ? freeAt.length - 1 : head - 1]) {
                freeAt[head] = end; // the earliest becomes the latest: still sorted
                head = head + 1 == freeAt.length ? 0 : head + 1;
                return start;
            }
            toHeap();
        }
        siftDown(end);
        return start;
    }

    /** The ring from its head is ascending, and an ascending array is a min-heap. */
    private void toHeap() {
        long[] sorted = new long[freeAt.length];
        System.arraycopy(freeAt, head, sorted, 0, freeAt.length - head);
        System.arraycopy(freeAt, 0, sorted, freeAt.length - head, head);
        System.arraycopy(sorted, 0, freeAt, 0, freeAt.length);
        heap = true;
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
