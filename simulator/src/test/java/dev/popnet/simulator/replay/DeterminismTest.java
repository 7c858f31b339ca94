package dev.popnet.simulator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.cache.SizeChange;
import dev.popnet.simulator.trace.TraceFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every policy but the Caffeine library (whose admission draws from ThreadLocalRandom, documented as not
 * repeatable) gives the same misses, missed bytes and evictions on every run of one trace, whether the
 * grid runs on one thread or several.
 */
class DeterminismTest {
    @TempDir
    static Path dir;

    private static List<String> policies() {
        return PolicyRegistry.names().stream().filter(n -> !n.equals("caffeine")).toList();
    }

    private static List<List<Long>> counts(TraceReplay.Outcome o) {
        return o.results().stream().map(r -> List.of(r.misses(), r.missBytes(), r.evictions(), r.capacity())).toList();
    }

    @ParameterizedTest
    @EnumSource(CapacityMode.class)
    void twoRunsGiveIdenticalResults(CapacityMode mode) throws Exception {
        Path trace = dir.resolve("zipf-" + mode + ".oracleGeneral.bin");
        ZipfTrace.write(trace, 3000, 0.8, 40_000, 20_000, 7);
        boolean objects = mode == CapacityMode.OBJECTS;
        List<CapacitySpec> capacities = List.of(CapacitySpec.parse("0.05", objects), CapacitySpec.parse("0.2", objects));
        ReplayPlan parallel = new ReplayPlan(trace, TraceFormat.ORACLE_GENERAL, null, policies(), capacities, mode, SizeChange.KEEP, null, 2,
                ReplayPlan.DEFAULT_MEMORY_LIMIT);
        ReplayPlan serial = new ReplayPlan(trace, TraceFormat.ORACLE_GENERAL, null, policies(), capacities, mode, SizeChange.KEEP, null, 1,
                ReplayPlan.DEFAULT_MEMORY_LIMIT);
        TraceReplay.Outcome first = TraceReplay.run(parallel);
        TraceReplay.Outcome second = TraceReplay.run(parallel);
        TraceReplay.Outcome third = TraceReplay.run(serial);
        assertEquals(policies().size() * 2, first.results().size());
        assertEquals(counts(first), counts(second), "second run differs");
        assertEquals(counts(first), counts(third), "one thread differs from two");
        assertTrue(first.results().stream().allMatch(r -> r.requests() == 40_000 && r.misses() > 0 && r.misses() < r.requests()),
                "every policy hit sometimes and missed sometimes");
    }
}
