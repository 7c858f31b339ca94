package dev.popnet.simulator.engine;

import java.util.PriorityQueue;

/** Scheduled actions in virtual time; ties run in the order they were scheduled. */
final class EventQueue {
    private record Scheduled(long time, long seq, Runnable action) {
    }

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long seq;

    void schedule(long timeNanos, Runnable action) {
        queue.add(new Scheduled(timeNanos, seq++, action));
    }

    /** Runs every action due at or before {@code timeNanos}, each at its own time via the clock callback. */
    void runUntil(long timeNanos, java.util.function.LongConsumer clock) {
        while (!queue.isEmpty() && queue.peek().time <= timeNanos) {
            Scheduled s = queue.poll();
            clock.accept(s.time);
            s.action.run();
        }
    }
}
