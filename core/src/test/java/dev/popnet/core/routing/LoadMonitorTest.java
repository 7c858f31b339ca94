package dev.popnet.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadMonitorTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void shedAboveTheMarkAndTakenBackOnlyUnderTheResumeFraction() {
        LoadMonitor m = new LoadMonitor(Map.of("lon", new LoadMarks(1000, 0)), 0.8);
        assertTrue(m.healthy("lon"), "targets start taking clients");
        assertFalse(m.record("lon", 1 * SECOND, new Load(999, 0)));
        assertTrue(m.record("lon", 2 * SECOND, new Load(1001, 0)), "over the mark: shed");
        assertFalse(m.healthy("lon"));
        assertEquals(2 * SECOND, m.state("lon").changedAtNanos());
        assertFalse(m.record("lon", 3 * SECOND, new Load(900, 0)), "under the mark but above 80% of it: still shed (hysteresis)");
        assertFalse(m.record("lon", 4 * SECOND, new Load(801, 0)));
        assertFalse(m.healthy("lon"));
        assertTrue(m.record("lon", 5 * SECOND, new Load(799, 0)), "under 80%: taken back");
        assertTrue(m.healthy("lon"));
        assertFalse(m.record("lon", 6 * SECOND, new Load(950, 0)), "back in the band from below: stays in");
        assertTrue(m.healthy("lon"));
        assertTrue(m.healthy("nyc"), "no marks, never shed");
        assertFalse(m.record("nyc", 6 * SECOND, new Load(1e9, 1e12)));
    }

    @Test
    void eitherMarkSheds() {
        LoadMonitor m = new LoadMonitor(Map.of("lon", new LoadMarks(1000, 8e6)), 0.5);
        assertTrue(m.record("lon", SECOND, new Load(10, 9e6)), "bandwidth over its mark");
        assertFalse(m.record("lon", 2 * SECOND, new Load(10, 4.5e6)), "bandwidth under the mark, above half");
        assertTrue(m.record("lon", 3 * SECOND, new Load(10, 3e6)));
    }

    @Test
    void ratesFromCumulativeCounters() {
        Load l = Load.between(new Load.Counters(0, 100, 1000), new Load.Counters(2 * SECOND, 300, 3000));
        assertEquals(100, l.requestsPerSecond(), 1e-9);
        assertEquals(8000, l.bitsPerSecond(), 1e-9);
        assertNull(Load.between(new Load.Counters(0, 100, 0), new Load.Counters(SECOND, 5, 0)), "a restarted edge reset its counters");
        assertNull(Load.between(new Load.Counters(SECOND, 0, 0), new Load.Counters(SECOND, 5, 0)));
    }

    @Test
    void shedPopsRankAfterTheNextHealthyOneAndAllShedFallsBackToHealth() {
        Router router = new Router(RouterTest.POPS, Strategy.NEAREST, LatencyModel.defaults(), null, null);
        LoadMonitor m = new LoadMonitor(Map.of("lon", new LoadMarks(100, 0), "fra", new LoadMarks(100, 0)), 0.8);
        m.record("lon", SECOND, new Load(500, 0));
        List<Candidate> ranked = router.rank("eu", RouterTest.PARIS, HealthView.ALL_HEALTHY, m, 1);
        assertEquals("fra", ranked.get(0).pop().name(), "London is shed: Frankfurt, next nearest");
        HealthView onlyEurope = pop -> pop.equals("lon") || pop.equals("fra");
        m.record("fra", SECOND, new Load(500, 0));
        assertEquals("lon", router.rank("eu", RouterTest.PARIS, onlyEurope, m, 1).get(0).pop().name(),
                "every healthy PoP is shed: the nearest healthy one, not a dead one");
    }
}
