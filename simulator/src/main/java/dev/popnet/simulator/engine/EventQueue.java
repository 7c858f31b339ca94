package dev.popnet.simulator.engine;

import java.util.Arrays;

/**
 * Scheduled events in virtual time, ties in the order they were scheduled. The 4-ary heap holds only
 * primitives: each entry's time, and its sequence number with the slot where its event waits. Events stay put
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

    /** Longs per heap entry: time, then order (sequence number above the slot's bits). */
    private static final int STRIDE = 2;
    /**
     * Bits of an entry's order word that hold its slot: up to 16M events scheduled at once, and 2^39
     * events in a run. One word for sequence and slot keeps an entry to 16 bytes, four children in
     * one cache line; sequence numbers are unique, so comparing the word compares them.
     */
    private static final int SLOT_BITS = 24;
    private static final long MAX_SEQ = 1L << (63 - SLOT_BITS);
    /**
     * Entries 1..size; the root's children are 2-5, and entry i's parent is (i + 2) / 4. Entry 0 is a
     * sentinel at time -1, before any event (times are never negative), so a rising entry stops at the
     * root without a test of its own.
     */
    private long[] heap = new long[1024 * STRIDE];
    private int size;
    private long seq;
    /** The scheduled events by slot, and the slots free for the next ones. */
    private Event[] slots = new Event[1024];
    private int[] freeSlots = new int[1024];
    private int free;
    private int slotsUsed;

    EventQueue() {
        heap[0] = -1;
    }

    void schedule(long timeNanos, Runnable action) {
        schedule(timeNanos, new Action(action));
    }

    void schedule(long timeNanos, Event e) {
        if (timeNanos < 0) {
            throw new IllegalArgumentException("an event at a negative time: " + timeNanos);
        }
        if ((size + 2) * STRIDE > heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        int slot = takeSlot();
        slots[slot] = e;
        if (seq == MAX_SEQ) {
            throw new IllegalStateException("more than " + MAX_SEQ + " events in one run");
        }
        siftUp(++size, timeNanos, seq++ << SLOT_BITS | slot);
    }

    /**
     * Whether (time, order) a comes before b, worked out without a branch for the tie: ties are rare, so
     * a branch for them would be compiled as never taken, and the first tie would throw the compiled
     * simulation away. Times and orders are never negative, so the differences cannot overflow.
     */
    private static boolean before(long ta, long oa, long tb, long ob) {
        long d = ta - tb;
        long tie = ~((d | -d) >> 63);
        return (d | tie & (oa - ob)) < 0;
    }

    /** Places (time, order) at or above the hole {@code i}. */
    private void siftUp(int i, long time, long order) {
        while (true) {
            int parent = (i + 2) >>> 2;
            long pt = heap[parent * STRIDE];
            long po = heap[parent * STRIDE + 1];
            if (before(pt, po, time, order)) {
                break;
            }
            heap[i * STRIDE] = pt;
            heap[i * STRIDE + 1] = po;
            i = parent;
        }
        heap[i * STRIDE] = time;
        heap[i * STRIDE + 1] = order;
    }

    private int takeSlot() {
        if (free > 0) {
            return freeSlots[--free];
        }
        if (slotsUsed == slots.length) {
            if (slotsUsed == 1 << SLOT_BITS) {
                throw new IllegalStateException("more than " + slotsUsed + " events scheduled at once");
            }
            slots = Arrays.copyOf(slots, slotsUsed * 2);
            freeSlots = Arrays.copyOf(freeSlots, slotsUsed * 2);
        }
        return slotsUsed++;
    }

    /**
     * Removes the first event; the clock is told its time before it fires. The hole left at the top
     * goes down to a leaf along the earliest children without comparing against the last entry, which
     * then rises from there: the last entry was scheduled late and mostly belongs near the bottom, so
     * this asks one question a level instead of two (Floyd's bottom-up heap). When the first was the
     * only one, the hole stays at the root and the entry written back there is past the end: no branch
     * for an emptied queue either.
     */
    private void fireFirst(java.util.function.LongConsumer clock) {
        long time = heap[STRIDE];
        int slot = (int) (heap[STRIDE + 1] & ((1 << SLOT_BITS) - 1));
        Event top = slots[slot];
        slots[slot] = null;
        freeSlots[free++] = slot;
        long lastTime = heap[size * STRIDE];
        long lastOrder = heap[size * STRIDE + 1];
        int n = --size;
        int i = 1;
        while (true) {
            int first = 4 * i - 2;
            if (first > n) {
                break;
            }
            // the earliest of up to four children, chosen without branches (which way they go is a coin toss)
            int child = first;
            long ct = heap[first * STRIDE];
            long co = heap[first * STRIDE + 1];
            int end = Math.min(first + 3, n);
            for (int c = first + 1; c <= end; c++) {
                long t = heap[c * STRIDE];
                long o = heap[c * STRIDE + 1];
                boolean earlier = before(t, o, ct, co);
                child = earlier ? c : child;
                ct = earlier ? t : ct;
                co = earlier ? o : co;
            }
            heap[i * STRIDE] = ct;
            heap[i * STRIDE + 1] = co;
            i = child;
        }
        siftUp(i, lastTime, lastOrder);
        clock.accept(time);
        top.fire();
    }

    /** Runs every event due at or before {@code timeNanos}, each at its own time via the clock callback. */
    void runUntil(long timeNanos, java.util.function.LongConsumer clock) {
        while (size > 0 && heap[STRIDE] <= timeNanos) {
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
