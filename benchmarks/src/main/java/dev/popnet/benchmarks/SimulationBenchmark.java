package dev.popnet.benchmarks;

import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.SyntheticWorkload;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's cost per simulated request: a whole {@code ./popnet simulate} run of a scenario in one
 * thread (run from the checkout's root, or pass {@code -p scenario=/path/to.yaml}), at 1,000,000
 * requests, every request through routing, queues and each edge's decision machine, reports built; and
 * beside it only drawing the same requests from the workload, the part of that cost that is not the
 * engine's. Scores are nanoseconds per request (1e9 / score: simulated requests per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class SimulationBenchmark {
    private static final int REQUESTS = 1_000_000;

    @Param("configs/scenarios/quickstart.yaml")
    public String scenario;
    private Scenario loaded;
    private Path baseDir;

    @Setup
    public void load() {
        Path file = Path.of(scenario).toAbsolutePath();
        loaded = Scenario.load(file).withRequests(REQUESTS);
        baseDir = file.getParent();
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public RunResult run() {
        return Simulation.run(loaded, baseDir, ProgressListener.NONE);
    }

    /** The run's requests drawn and nothing done with them (a synthetic workload's scenario only). */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long drawRequests() {
        SyntheticWorkload workload = new SyntheticWorkload(loaded.workload(), loaded.seed());
        long sum = 0;
        for (int i = 0; i < REQUESTS; i++) {
            sum += workload.next().objectId();
        }
        return sum;
    }
}
