package dev.popnet.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void percentilesOfUniformMillis() {
        LatencyRecorder r = new LatencyRecorder();
        for (int ms = 1; ms <= 100; ms++) {
            r.recordMicros(ms * 1000L);
        }
        LatencySnapshot s = r.snapshot();
        assertEquals(100, s.count());
        assertEquals(50.0, s.p50Ms(), 0.1);
        assertEquals(99.0, s.p99Ms(), 0.1);
        assertEquals(100.0, s.maxMs(), 0.1);
        r.recordMicros(200_000);
        assertEquals(101, r.snapshot().count(), "snapshots accumulate");
    }

    @Test
    void emptyIsZero() {
        assertEquals(LatencySnapshot.EMPTY, new LatencyRecorder().snapshot());
    }
}
