package dev.popnet.simulator.engine;

import java.util.Arrays;

/**
 * Scheduled events in virtual time, ties in the order they were scheduled. The 4-ary heap holds only
 * primitives: each entry's time, sequence number and the slot where its event waits. Events stay put
 * in their slot from scheduling to firing, so the heap's moves store no references: a reference
 * written into a long-lived array costs the collector card marking and refinement, and the heap
 * moves entries several times an event.
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

    /** Longs per heap entry: time, sequence number, slot. */
    private static final int STRIDE = 3;
    private long[] heap = new long[1024 * STRIDE];
    private int size;
    private long seq;
    /** The scheduled events by slot, and the slots free for the next ones. */
    private Event[] slots = new Event[1024];
    private int[] freeSlots = new int[1024];
    private int free;
    private int slotsUsed;

    void schedule(long timeNanos, Runnable action) {
        schedule(timeNanos, new Action(action));
    }

    void schedule(long timeNanos, Event e) {
        if (size * STRIDE == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        int slot = takeSlot();
        slots[slot] = e;
        long s = seq++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = heap[parent * STRIDE];
            if (pt < timeNanos || pt == timeNanos && heap[parent * STRIDE + 1] < s) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, timeNanos, s, slot);
    }

    private int takeSlot() {
        if (free > 0) {
            return freeSlots[--free];
        }
        if (slotsUsed == slots.length) {
            slots = Arrays.copyOf(slots, slotsUsed * 2);
            freeSlots = Arrays.copyOf(freeSlots, slotsUsed * 2);
        }
        return slotsUsed++;
    }

    private void move(int from, int to) {
        heap[to * STRIDE] = heap[from * STRIDE];
        heap[to * STRIDE + 1] = heap[from * STRIDE + 1];
        heap[to * STRIDE + 2] = heap[from * STRIDE + 2];
    }

    private void set(int i, long time, long s, long slot) {
        int at = i * STRIDE;
        heap[at] = time;
        heap[at + 1] = s;
        heap[at + 2] = slot;
    }

    /** Removes the first event; the clock is told its time before it fires. */
    private void fireFirst(java.util.function.LongConsumer clock) {
        long time = heap[0];
        int slot = (int) heap[2];
        Event top = slots[slot];
        slots[slot] = null;
        freeSlots[free++] = slot;
        int last = --size;
        long lastTime = heap[last * STRIDE];
        long lastSeq = heap[last * STRIDE + 1];
        long lastSlot = heap[last * STRIDE + 2];
        if (size > 0) {
            int i = 0;
            while (true) {
                int first = 4 * i + 1;
                if (first >= size) {
                    break;
                }
                // the earliest of up to four children, chosen without branches (which way they go is a coin toss)
                int child = first;
                long ct = heap[first * STRIDE];
                long cs = heap[first * STRIDE + 1];
                int end = Math.min(first + 4, size);
                for (int c = first + 1; c < end; c++) {
                    long t = heap[c * STRIDE];
                    long q = heap[c * STRIDE + 1];
                    boolean earlier = t < ct | t == ct & q < cs;
                    child = earlier ? c : child;
                    ct = earlier ? t : ct;
                    cs = earlier ? q : cs;
                }
                if (ct > lastTime || ct == lastTime && cs > lastSeq) {
                    break;
                }
                move(child, i);
                i = child;
            }
            set(i, lastTime, lastSeq, lastSlot);
        }
        clock.accept(time);
        top.fire();
    }

    /** Runs every event due at or before {@code timeNanos}, each at its own time via the clock callback. */
    void runUntil(long timeNanos, java.util.function.LongConsumer clock) {
        while (size > 0 && heap[0] <= timeNanos) {
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
