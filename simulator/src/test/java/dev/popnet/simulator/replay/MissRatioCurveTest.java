package dev.popnet.simulator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.SizeChange;
import dev.popnet.simulator.trace.TraceFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-pass LRU curve against LRU replays, and SHARDS against the exact curve. */
class MissRatioCurveTest {
    @TempDir
    static Path dir;
    static Path trace;

    @BeforeAll
    static void trace() {
        trace = dir.resolve("zipf.oracleGeneral.bin");
        ZipfTrace.write(trace, 20_000, 0.8, 200_000, 50_000, 11);
    }

    private static double lru(long capacity, CapacityMode mode) throws InterruptedException {
        ReplayPlan plan = new ReplayPlan(trace, TraceFormat.ORACLE_GENERAL, null, List.of("lru"),
                List.of(CapacitySpec.parse(Long.toString(capacity), mode == CapacityMode.OBJECTS)), mode, SizeChange.KEEP, null, 1,
                ReplayPlan.DEFAULT_MEMORY_LIMIT);
        return TraceReplay.run(plan).results().get(0).missRatio();
    }

    @Test
    void exactCurveEqualsLruReplayInObjects() throws Exception {
        MissRatioCurve curve = MissRatioCurve.compute(TraceFormat.ORACLE_GENERAL.cursor(trace, null), CapacityMode.OBJECTS, 1);
        for (long c : new long[] {1, 17, 200, 2000, 15_000}) {
            assertEquals(lru(c, CapacityMode.OBJECTS), curve.missRatio(c), 1e-12, "capacity " + c);
        }
        assertEquals(1.0, curve.missRatio(0), 1e-12);
    }

    @Test
    void byteCurveIsCloseToLruReplay() throws Exception {
        MissRatioCurve curve = MissRatioCurve.compute(TraceFormat.ORACLE_GENERAL.cursor(trace, null), CapacityMode.BYTES, 1);
        for (long c : new long[] {1L << 20, 16L << 20, 128L << 20}) {
            assertEquals(lru(c, CapacityMode.BYTES), curve.missRatio(c), 0.01, "capacity " + c);
        }
    }

    /* SHARDS is for caches that hold many sampled objects: from 3,200 objects (320 sampled) up. */
    @Test
    void shardsTracksTheExactCurve() throws Exception {
        Path big = dir.resolve("big.oracleGeneral.bin");
        ZipfTrace.write(big, 200_000, 0.8, 1_000_000, 50_000, 11);
        MissRatioCurve exact = MissRatioCurve.compute(TraceFormat.ORACLE_GENERAL.cursor(big, null), CapacityMode.OBJECTS, 1);
        MissRatioCurve sampled = MissRatioCurve.compute(TraceFormat.ORACLE_GENERAL.cursor(big, null), CapacityMode.OBJECTS, 0.1);
        assertTrue(sampled.sampledRequests() < exact.sampledRequests() / 5, "sampling reads a fraction of the requests");
        double worst = 0;
        for (long c = 3200; c <= 200_000; c *= 2) {
            worst = Math.max(worst, Math.abs(exact.missRatio(c) - sampled.missRatio(c)));
        }
        assertTrue(worst < 0.015, "SHARDS at 10% is off by " + worst);
    }
}
