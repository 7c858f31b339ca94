package dev.popnet.simulator.engine;

import java.util.Arrays;

/**
 * Scheduled events in virtual time, ties in the order they were scheduled: a 4-ary heap of the events
 * themselves (each request's stages reuse one object), with their times and sequence numbers kept in
 * one primitive array beside them, so scheduling allocates nothing and comparisons touch no event.
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
    /** Each event's time and sequence number, side by side: {@code order[2i]}, {@code order[2i + 1]}. */
    private long[] order = new long[2048];
    private int size;
    private long seq;

    void schedule(long timeNanos, Runnable action) {
        schedule(timeNanos, new Action(action));
    }

    void schedule(long timeNanos, Event e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            order = Arrays.copyOf(order, size * 4);
        }
        long s = seq++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = order[2 * parent];
            if (pt < timeNanos || pt == timeNanos && order[2 * parent + 1] < s) {
                break;
            }
            heap[i] = heap[parent];
            order[2 * i] = pt;
            order[2 * i + 1] = order[2 * parent + 1];
            i = parent;
        }
        set(i, e, timeNanos, s);
    }

    private void set(int i, Event e, long time, long s) {
        heap[i] = e;
        order[2 * i] = time;
        order[2 * i + 1] = s;
    }

    /** Removes the first event; the clock is told its time before it fires. */
    private void fireFirst(java.util.function.LongConsumer clock) {
        Event top = heap[0];
        long time = order[0];
        int last = --size;
        Event lastEvent = heap[last];
        long lastTime = order[2 * last];
        long lastSeq = order[2 * last + 1];
        heap[last] = null;
        if (size > 0) {
            int i = 0;
            while (true) {
                int first = 4 * i + 1;
                if (first >= size) {
                    break;
                }
                // the earliest of up to four children, chosen without branches (which way they go is a coin toss)
                int child = first;
                long ct = order[2 * first];
                long cs = order[2 * first + 1];
                int end = Math.min(first + 4, size);
                for (int c = first + 1; c < end; c++) {
                    long t = order[2 * c];
                    long q = order[2 * c + 1];
                    boolean earlier = t < ct | t == ct & q < cs;
                    child = earlier ? c : child;
                    ct = earlier ? t : ct;
                    cs = earlier ? q : cs;
                }
                if (ct > lastTime || ct == lastTime && cs > lastSeq) {
                    break;
                }
                heap[i] = heap[child];
                order[2 * i] = ct;
                order[2 * i + 1] = cs;
                i = child;
            }
            set(i, lastEvent, lastTime, lastSeq);
        }
        clock.accept(time);
        top.fire();
    }

    /** Runs every event due at or before {@code timeNanos}, each at its own time via the clock callback. */
    void runUntil(long timeNanos, java.util.function.LongConsumer clock) {
        while (size > 0 && order[0] <= timeNanos) {
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
