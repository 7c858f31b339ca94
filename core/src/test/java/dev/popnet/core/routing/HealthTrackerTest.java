package dev.popnet.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
    @Test
    void fallsAfterFallFailuresAndRisesAfterRisePasses() {
        ManualTicker ticker = new ManualTicker(0);
        HealthTracker t = new HealthTracker(2, 3, ticker);
        assertTrue(t.healthy("edge"), "targets start healthy");
        assertFalse(t.record("edge", false));
        assertFalse(t.record("edge", false));
        assertFalse(t.record("edge", true), "a pass resets the failure streak");
        assertFalse(t.record("edge", false));
        assertFalse(t.record("edge", false));
        ticker.advance(Duration.ofSeconds(5));
        assertTrue(t.record("edge", false), "third failure in a row");
        assertFalse(t.healthy("edge"));
        assertEquals(5_000_000_000L, t.changedAtNanos("edge"));
        assertFalse(t.record("edge", true));
        assertTrue(t.healthy("edge") == false);
        ticker.advance(Duration.ofSeconds(1));
        assertTrue(t.record("edge", true), "second pass in a row");
        assertTrue(t.healthy("edge"));
        assertEquals(6_000_000_000L, t.changedAtNanos("edge"));
        assertEquals(-1, t.changedAtNanos("other"));
    }
}
