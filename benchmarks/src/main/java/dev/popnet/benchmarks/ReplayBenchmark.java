package dev.popnet.benchmarks;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.SizeChange;
import dev.popnet.simulator.replay.CapacitySpec;
import dev.popnet.simulator.replay.ReplayPlan;
import dev.popnet.simulator.replay.ReplayResult;
import dev.popnet.simulator.replay.TraceReplay;
import dev.popnet.simulator.replay.ZipfTrace;
import dev.popnet.simulator.trace.TraceFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole replay run as {@code popnet simulate --replay} does it: an oracleGeneral trace read from disk
 * through one policy, object mode, 100,000 objects, one thread. The trace is {@code -Dpopnet.bench.trace}
 * (e.g. a 20M-request Zipf trace written by {@link ZipfTrace}), else a 2M-request one written to a temporary
 * file. The score is seconds per run; divide the trace's requests by it for requests per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ReplayBenchmark {
    @Param({"lru", "sieve", "s3fifo", "arc", "wtinylfu", "belady-admit"})
    public String policy;

    private ReplayPlan plan;

    @Setup(Level.Trial)
    public void trace() throws Exception {
        String given = System.getProperty("popnet.bench.trace");
        Path trace;
        if (given != null) {
            trace = Path.of(given);
        } else {
            trace = Files.createTempFile("popnet-bench", ".oracleGeneral.bin");
            trace.toFile().deleteOnExit();
            ZipfTrace.write(trace, 1_000_000, 0.9, 2_000_000, 65_536, 1);
        }
        plan = new ReplayPlan(trace, TraceFormat.ORACLE_GENERAL, null, List.of(policy), List.of(CapacitySpec.parse("100000", true)),
                CapacityMode.OBJECTS, SizeChange.KEEP, null, 1, ReplayPlan.DEFAULT_MEMORY_LIMIT);
    }

    @Benchmark
    public ReplayResult replay() throws InterruptedException {
        return TraceReplay.run(plan).results().get(0);
    }
}
