package dev.popnet.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.simulator.replay.ReplayResult;
import dev.popnet.simulator.replay.TraceReplay;
import dev.popnet.simulator.trace.TraceFormat;
import dev.popnet.simulator.trace.TraceSpec;
import dev.popnet.simulator.workload.Request;
import dev.popnet.simulator.workload.SyntheticWorkload;
import dev.popnet.simulator.workload.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** With unit sizes Belady (OPT with bypass) is optimal: no policy may beat it on the same sequence. */
class BeladyBoundTest {
    private static void assertBeladyOnTop(List<Request> requests, long capacity, String what) {
        ReplayResult opt = TraceReplay.run(requests.iterator(), "belady", capacity, CapacityMode.OBJECTS);
        for (String name : PolicyRegistry.names()) {
            ReplayResult r = TraceReplay.run(requests.iterator(), name, capacity, CapacityMode.OBJECTS);
            assertTrue(r.hits() <= opt.hits(), what + ": " + name + " " + r.hits() + " hits > belady " + opt.hits());
        }
    }

    @Test
    void zipf() {
        List<Request> requests = Arrays.asList(SyntheticWorkload.first(WorkloadSpec.zipf(5_000, 0.9, 1), 3, 200_000));
        for (long capacity : new long[] {50, 500, 2000}) {
            assertBeladyOnTop(requests, capacity, "zipf, capacity " + capacity);
        }
    }

    @Test
    void sampleTrace() throws Exception {
        Path trace = Path.of(System.getProperty("popnet.shared.dir", "../shared"), "traces", "cloudPhysicsIO.oracleGeneral.bin");
        assumeTrue(Files.exists(trace), "sample trace not present at " + trace);
        List<Request> requests;
        try (Stream<Request> s = TraceFormat.ORACLE_GENERAL.open(trace, TraceSpec.TimeUnitName.S)) {
            requests = s.toList();
        }
        assertBeladyOnTop(requests, 1000, "cloudPhysicsIO, 1000 objects");
    }
}
