package dev.popnet.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Events fire in time order, ties in the order they were scheduled, however they were pushed and popped. */
class EventQueueTest {

    @Test
    void firesByTimeThenBySchedulingOrder() {
        EventQueue q = new EventQueue();
        SplittableRandom random = new SplittableRandom(7);
        List<long[]> fired = new ArrayList<>(); // {time, scheduling order}
        long[] clock = {0};
        long scheduled = 0;
        for (int round = 0; round < 3_000; round++) {
            for (int k = random.nextInt(4); k >= 0; k--) {
                long time = clock[0] + random.nextInt(50); // few distinct times, so ties are common
                long order = scheduled++;
                q.schedule(time, () -> fired.add(new long[] {clock[0], order}));
            }
            if (random.nextBoolean()) {
                q.runUntil(clock[0] + random.nextInt(30), t -> clock[0] = t);
            } else {
                q.runNext(t -> clock[0] = t);
            }
        }
        while (q.runNext(t -> clock[0] = t)) {
            // drain
        }
        assertEquals(scheduled, fired.size());
        for (int i = 1; i < fired.size(); i++) {
            long[] a = fired.get(i - 1);
            long[] b = fired.get(i);
            boolean inOrder = a[0] < b[0] || a[0] == b[0] && a[1] < b[1];
            assertEquals(true, inOrder, "event " + i + " at " + b[0] + " (#" + b[1] + ") after " + a[0] + " (#" + a[1] + ")");
        }
    }

    @Test
    void growsPastItsFirstArraysAndEmptiesCleanly() {
        EventQueue q = new EventQueue();
        SplittableRandom random = new SplittableRandom(11);
        long[] clock = {0};
        for (int wave = 0; wave < 3; wave++) {
            List<Long> fired = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                long time = clock[0] + random.nextInt(1_000_000);
                q.schedule(time, () -> fired.add(clock[0]));
            }
            while (q.runNext(t -> clock[0] = t)) {
                // drain
            }
            assertEquals(5_000, fired.size());
            for (int i = 1; i < fired.size(); i++) {
                assertEquals(true, fired.get(i - 1) <= fired.get(i), "wave " + wave + ", event " + i);
            }
            q.schedule(clock[0], () -> fired.add(-1L)); // one event alone, then an empty queue again
            assertEquals(true, q.runNext(t -> clock[0] = t));
            assertEquals(false, q.runNext(t -> clock[0] = t));
        }
        assertThrows(IllegalArgumentException.class, () -> q.schedule(-1, () -> { }));
    }
}
