package dev.popnet.benchmarks;

import dev.popnet.core.cache.decision.Answer;
import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.Outcome;
import dev.popnet.core.cache.decision.RequestView;
import dev.popnet.core.cache.decision.ResponseHead;
import dev.popnet.core.cache.decision.Step;
import dev.popnet.core.cache.decision.Stored;
import dev.popnet.core.http.HeaderList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The decision machine per request, as the simulator drives it: a fresh hit asked of the machine
 * (a SERVE step), the same hit read from the deadline a driver keeps beside what it stores
 * ({@link CacheMachine#plainFreshUntil}), and a miss from request to stored answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CacheMachineBenchmark {
    private static final long T0 = 1_767_225_600_000L;
    private final CacheMachine<Long, Object> machine = new CacheMachine<>(CacheMachine.Settings.DEFAULTS);
    private final ResponseHead head = machine.head(200, new HeaderList(List.of(new HeaderList.Field("Cache-Control", "public, max-age=600"))));
    private final Answer.Full answer = new Answer.Full(head, head.headers(), 32_768, 0);
    private Stored stored;
    private long freshUntil;
    private long now = T0 + 1_000;
    private long key;

    @Setup
    public void store() {
        Step<Long, Object> miss = machine.request(1L, RequestView.GET, null, T0, null);
        stored = machine.answered(miss, answer, T0, T0).store();
        freshUntil = CacheMachine.plainFreshUntil(stored);
    }

    @Benchmark
    public Step<Long, Object> freshHitStep() {
        return machine.request(1L, RequestView.GET, stored, now++ % 500_000 + T0, null);
    }

    @Benchmark
    public boolean freshHitDeadline() {
        return now++ % 500_000 + T0 < freshUntil;
    }

    @Benchmark
    public Outcome<Long, Object> missFetchAndStore() {
        Step<Long, Object> miss = machine.request(key++, RequestView.GET, null, T0, null);
        return machine.answered(miss, answer, T0, T0 + 40);
    }
}
