package dev.popnet.simulator.engine;

import java.util.Arrays;

/**
 * Scheduled events in virtual time, ties in the order they were scheduled: a 4-ary heap of the events
 * themselves (each request's stages reuse one object), with their times and sequence numbers kept in
 * arrays beside them, so scheduling allocates nothing and comparisons touch no event.
 */
final class EventQueue {
    /** Something that happens at a time; a subclass reschedules itself for its next stage. */
    abstract static class Event {
        abstract void fire();
    }

    private static final class Action extends Event {
        private final Runnable action;

        Action(Runnable action) {
            this.action = action;
        }

        @Override
        void fire() {
            action.run();
        }
    }

    private Event[] heap = new Event[1024];
    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
    private int size;
    private long seq;

    void schedule(long timeNanos, Runnable action) {
        schedule(timeNanos, new Action(action));
    }

    void schedule(long timeNanos, Event e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            times = Arrays.copyOf(times, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        long s = seq++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (times[parent] < timeNanos || times[parent] == timeNanos && seqs[parent] < s) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, e, timeNanos, s);
    }

    private void move(int from, int to) {
        heap[to] = heap[from];
        times[to] = times[from];
        seqs[to] = seqs[from];
    }

    private void set(int i, Event e, long time, long s) {
        heap[i] = e;
        times[i] = time;
        seqs[i] = s;
    }

    private boolean before(int a, int b) {
        return times[a] < times[b] || times[a] == times[b] && seqs[a] < seqs[b];
    }

    /** Removes the first event; the clock is told its time before it fires. */
    private void fireFirst(java.util.function.LongConsumer clock) {
        Event top = heap[0];
        long time = times[0];
        int last = --size;
        Event lastEvent = heap[last];
        long lastTime = times[last];
        long lastSeq = seqs[last];
        heap[last] = null;
        if (size > 0) {
            int i = 0;
            while (true) {
                int first = 4 * i + 1;
                if (first >= size) {
                    break;
                }
                int child = first;
                int end = Math.min(first + 4, size);
                for (int c = first + 1; c < end; c++) {
                    if (before(c, child)) {
                        child = c;
                    }
                }
                if (times[child] > lastTime || times[child] == lastTime && seqs[child] > lastSeq) {
                    break;
                }
                move(child, i);
                i = child;
            }
            set(i, lastEvent, lastTime, lastSeq);
        }
        clock.accept(time);
        top.fire();
    }

    /** Runs every event due at or before {@code timeNanos}, each at its own time via the clock callback. */
    void runUntil(long timeNanos, java.util.function.LongConsumer clock) {
        while (size > 0 && times[0] <= timeNanos) {
            fireFirst(clock);
        }
    }

    /** Runs the next event; false when there is none. */
    boolean runNext(java.util.function.LongConsumer clock) {
        if (size == 0) {
            return false;
        }
        fireFirst(clock);
        return true;
    }
}
