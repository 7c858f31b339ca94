package dev.popnet.simulator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.SizeChange;
import dev.popnet.simulator.trace.TraceCursor;
import dev.popnet.simulator.trace.TraceFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Next-access positions computed in memory and spilled to disk agree with each other and with the trace's own field. */
class NextAccessIndexTest {
    @TempDir
    Path dir;

    private static long[] positions(NextAccessIndex index) {
        long[] out = new long[(int) index.count()];
        try (NextAccessIndex.Reader r = index.reader()) {
            for (int i = 0; i < out.length; i++) {
                out[i] = r.next();
            }
        }
        return out;
    }

    @Test
    void spilledEqualsInMemoryAndTheTraceField() throws Exception {
        Path trace = dir.resolve("z.oracleGeneral.bin");
        ZipfTrace.write(trace, 5000, 0.9, 150_000, 1000, 3);
        long[] memory;
        try (NextAccessIndex index = NextAccessIndex.compute(TraceFormat.ORACLE_GENERAL.cursor(trace, null), 1 << 20)) {
            assertFalse(index.spilled());
            memory = positions(index);
        }
        try (NextAccessIndex index = NextAccessIndex.compute(TraceFormat.ORACLE_GENERAL.cursor(trace, null), 10_000)) {
            assertTrue(index.spilled());
            assertEquals(java.util.Arrays.toString(memory), java.util.Arrays.toString(positions(index)));
        }
        try (TraceCursor c = TraceFormat.ORACLE_GENERAL.cursor(trace, null)) {
            for (long expected : memory) {
                assertTrue(c.advance());
                long field = c.nextAccess(); // libCacheSim counts positions from 1
                assertEquals(expected == TraceCursor.NEVER ? TraceCursor.NEVER : expected + 1, field);
            }
        }
    }

    @Test
    void beladyFromComputedPositionsEqualsBeladyFromTheTrace() throws Exception {
        Path withField = dir.resolve("z.oracleGeneral.bin");
        ZipfTrace.write(withField, 4000, 0.9, 80_000, 1000, 5);
        Path csv = dir.resolve("z.csv");
        StringBuilder sb = new StringBuilder("time,id,size\n");
        try (TraceCursor c = TraceFormat.ORACLE_GENERAL.cursor(withField, null)) {
            while (c.advance()) {
                sb.append(c.time()).append(',').append(c.id()).append(',').append(c.size()).append('\n');
            }
        }
        Files.writeString(csv, sb);
        for (String policy : List.of("belady", "belady-admit", "belady-size")) {
            long fromField = run(withField, TraceFormat.ORACLE_GENERAL, policy, ReplayPlan.DEFAULT_MEMORY_LIMIT);
            long computed = run(csv, TraceFormat.CSV, policy, ReplayPlan.DEFAULT_MEMORY_LIMIT);
            long spilled = run(csv, TraceFormat.CSV, policy, 5000);
            assertEquals(fromField, computed, policy);
            assertEquals(fromField, spilled, policy);
        }
    }

    private static long run(Path trace, TraceFormat format, String policy, long memoryLimit) throws InterruptedException {
        ReplayPlan plan = new ReplayPlan(trace, format, null, List.of(policy), List.of(CapacitySpec.parse("200", true)), CapacityMode.OBJECTS,
                SizeChange.KEEP, null, 1, memoryLimit);
        return TraceReplay.run(plan).results().get(0).misses();
    }
}
