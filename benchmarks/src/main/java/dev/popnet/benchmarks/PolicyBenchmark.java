package dev.popnet.benchmarks;

import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.cache.policy.OfflinePolicy;
import dev.popnet.core.time.ManualTicker;
import dev.popnet.simulator.workload.Request;
import dev.popnet.simulator.workload.SyntheticWorkload;
import dev.popnet.simulator.workload.WorkloadSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Requests per second through each policy alone (no trace reading): Zipf(0.9) over 1M objects, cache 10%
 * of them (object mode), 1M requests per invocation on one thread. The score is requests/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyBenchmark {
    private static final int REQUESTS = 1_000_000;

    @Param({"lru", "fifo", "clock", "sieve", "lfu", "gdsf", "arc", "s3fifo", "2q", "slru", "lirs", "wtinylfu", "lecar", "caffeine", "belady"})
    public String policy;

    private long[] keys;
    private long[] next;
    private EvictionPolicy cache;

    @Setup(Level.Trial)
    public void generate() {
        Request[] requests = SyntheticWorkload.first(WorkloadSpec.zipf(1_000_000, 0.9, 1), 42, REQUESTS);
        keys = new long[REQUESTS];
        next = new long[REQUESTS];
        Map<Long, Integer> last = new HashMap<>();
        for (int i = REQUESTS - 1; i >= 0; i--) {
            keys[i] = requests[i].objectId();
            Integer seen = last.put(keys[i], i);
            next[i] = seen == null ? Long.MAX_VALUE : seen;
        }
    }

    @Setup(Level.Iteration)
    public void freshCache() {
        cache = PolicyRegistry.create(policy, 100_000, new ManualTicker());
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long replay() {
        long hits = 0;
        OfflinePolicy offline = cache instanceof OfflinePolicy o ? o : null;
        for (int i = 0; i < keys.length; i++) {
            if (offline != null) {
                offline.nextAccess(next[i]);
            }
            if (cache.access(keys[i], 1, EvictionListener.NONE)) {
                hits++;
            }
        }
        return hits;
    }
}
