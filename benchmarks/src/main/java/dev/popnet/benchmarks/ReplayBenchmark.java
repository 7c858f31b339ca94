package dev.popnet.benchmarks;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.simulator.replay.ReplayResult;
import dev.popnet.simulator.replay.TraceReplay;
import dev.popnet.simulator.workload.Request;
import dev.popnet.simulator.workload.SyntheticWorkload;
import dev.popnet.simulator.workload.WorkloadSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole-run figure for plain trace replay: 10M requests (Zipf 0.9 over 1M objects, 4 KiB to
 * 64 KiB, in memory so disk speed is not measured) through {@link TraceReplay} with LRU, byte mode,
 * 1 GiB. The score is requests/s on one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ReplayBenchmark {
    private static final int REQUESTS = 10_000_000;
    private Request[] requests;

    @Setup(Level.Trial)
    public void generate() {
        WorkloadSpec spec = new WorkloadSpec(1_000_000, 0.9,
                new dev.popnet.simulator.workload.SizeDistribution.LogNormal(16_384, 0.6, 65_536L), 1000, null, null, null);
        requests = SyntheticWorkload.first(spec, 42, REQUESTS);
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public ReplayResult lru10M() {
        return TraceReplay.run(Arrays.asList(requests).iterator(), "lru", 1L << 30, CapacityMode.BYTES);
    }
}
