package dev.popnet.simulator.replay;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.cache.SizeChange;
import dev.popnet.core.cache.admission.AdmissionFilters;
import dev.popnet.core.cache.admission.AdmittedPolicy;
import dev.popnet.core.cache.policy.OfflinePolicy;
import dev.popnet.core.time.ManualTicker;
import dev.popnet.simulator.trace.ColumnSpec;
import dev.popnet.simulator.trace.TraceCursor;
import dev.popnet.simulator.trace.TraceException;
import dev.popnet.simulator.trace.TraceFormat;
import dev.popnet.simulator.workload.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The plainest simulation: caches over a trace, no network. A plan's grid of policies × capacities runs
 * on a bounded pool, each run reading the trace with its own cursor (as libCacheSim clones its reader per
 * cache). Requests of size 0 are skipped, as libCacheSim skips them. Offline policies read each request's
 * next access from the trace when it carries one, else from a {@link NextAccessIndex} computed once.
 * A small trace is decoded once into memory ({@link DecodedTrace}) and every pass reads that.
 */
public final class TraceReplay {
    /** Traces up to this many bytes on disk are decoded into memory, if they hold at most {@link #DECODED_REQUESTS}. */
    static final long DECODED_FILE_BYTES = 48L << 20;
    static final int DECODED_REQUESTS = 2_000_000;

    private TraceReplay() {
    }

    /** The trace's working set: distinct objects, and the bytes of their first-seen sizes (requests of size 0 skipped). */
    public record WorkingSet(long objects, long bytes, long requests) {
        public long in(CapacityMode mode) {
            return mode == CapacityMode.OBJECTS ? objects : bytes;
        }
    }

    /** Everything a plan produced: the working set when capacities were fractions of it, and one result per run, policies outermost. */
    public record Outcome(WorkingSet workingSet, List<ReplayResult> results) {
    }

    public static Outcome run(ReplayPlan plan) throws InterruptedException {
        Supplier<TraceCursor> trace = source(plan);
        boolean fractions = plan.capacities().stream().anyMatch(CapacitySpec::isFraction);
        WorkingSet wss = fractions ? workingSet(trace.get(), plan.trace()) : null;
        NextAccessIndex index = null;
        try {
            boolean offline = plan.policies().stream().anyMatch(PolicyRegistry::isOffline);
            if (offline && !carriesNextAccess(trace.get(), plan.trace())) {
                index = NextAccessIndex.compute(trace.get(), plan.memoryLimit());
            }
            List<Run> runs = new ArrayList<>();
            for (String policy : plan.policies()) {
                for (CapacitySpec c : plan.capacities()) {
                    runs.add(new Run(policy, c, c.resolve(wss == null ? 0 : wss.in(plan.mode()))));
                }
            }
            return new Outcome(wss, execute(plan, trace, runs, index));
        } finally {
            if (index != null) {
                index.close();
            }
        }
    }

    /** Cursors over the plan's trace: over memory when it is small enough to decode once, else each one reading the file. */
    private static Supplier<TraceCursor> source(ReplayPlan plan) {
        Supplier<TraceCursor> file = () -> plan.format().cursor(plan.trace(), plan.columns());
        long bytes;
        try {
            bytes = Files.size(plan.trace());
        } catch (IOException e) {
            return file; // the file's cursor reports what is wrong with it
        }
        DecodedTrace decoded = bytes <= DECODED_FILE_BYTES ? DecodedTrace.read(file.get(), DECODED_REQUESTS) : null;
        return decoded == null ? file : decoded::cursor;
    }

    private record Run(String policy, CapacitySpec spec, long capacity) {
    }

    private static List<ReplayResult> execute(ReplayPlan plan, Supplier<TraceCursor> trace, List<Run> runs, NextAccessIndex index)
            throws InterruptedException {
        int threads = Math.min(plan.threads(), runs.size());
        if (threads == 1) {
            List<ReplayResult> out = new ArrayList<>();
            for (Run r : runs) {
                out.add(one(plan, trace, r, index));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "replay");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ReplayResult>> futures = new ArrayList<>();
            for (Run r : runs) {
                futures.add(pool.submit(() -> one(plan, trace, r, index)));
            }
            List<ReplayResult> out = new ArrayList<>();
            for (Future<ReplayResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Counts evictions for the result. */
    private static final class Evictions implements EvictionListener {
        long count;

        @Override
        public void evicted(long key, long weight) {
            count++;
        }
    }

    private static ReplayResult one(ReplayPlan plan, Supplier<TraceCursor> trace, Run run, NextAccessIndex index) {
        EvictionPolicy policy = PolicyRegistry.create(run.policy(), run.capacity(), new ManualTicker());
        if (plan.admission() != null) {
            policy = new AdmittedPolicy(policy, AdmissionFilters.create(plan.admission()));
        }
        try (TraceCursor cursor = trace.get();
                NextAccessIndex.Reader next = policy instanceof OfflinePolicy && index != null ? index.reader() : null) {
            return replay(cursor, policy, run.spec().text(), plan.mode(), plan.sizeChange(), next);
        }
    }

    /**
     * Replays an in-memory request sequence through one policy (object ids and sizes; times unused):
     * for tests, benchmarks and callers that already hold the requests.
     */
    public static ReplayResult run(Iterator<Request> requests, String policyName, long capacity, CapacityMode mode) {
        EvictionPolicy policy = PolicyRegistry.create(policyName, capacity, new ManualTicker());
        if (!(policy instanceof OfflinePolicy)) {
            return replay(new RequestCursor(requests), policy, Long.toString(capacity), mode, SizeChange.NEW_VERSION, null);
        }
        List<Request> all = new ArrayList<>();
        requests.forEachRemaining(all::add);
        try (NextAccessIndex index = NextAccessIndex.compute(new RequestCursor(all.iterator()), Long.MAX_VALUE);
                NextAccessIndex.Reader next = index.reader()) {
            return replay(new RequestCursor(all.iterator()), policy, Long.toString(capacity), mode, SizeChange.NEW_VERSION, next);
        }
    }

    /** The replay loop: every request through the policy, counted; next-access positions from {@code next} or the trace. */
    private static ReplayResult replay(TraceCursor cursor, EvictionPolicy policy, String capacityText, CapacityMode mode,
            SizeChange sizeChange, NextAccessIndex.Reader next) {
        OfflinePolicy offline = policy instanceof OfflinePolicy o ? o : null;
        Evictions evictions = new Evictions();
        long requests = 0;
        long misses = 0;
        long bytes = 0;
        long missBytes = 0;
        long cpu0 = ThreadCpu.nanos();
        long wall0 = System.nanoTime();
        while (cursor.advance()) {
            long nextAccess = next != null ? next.next() : cursor.nextAccess();
            long size = cursor.size();
            if (size == 0) {
                continue;
            }
            if (offline != null) {
                offline.nextAccess(nextAccess);
            }
            boolean hit = sizeChange.access(policy, cursor.id(), mode.weight(size), evictions);
            requests++;
            bytes += size;
            if (!hit) {
                misses++;
                missBytes += size;
            }
        }
        policy.checkInvariants();
        return new ReplayResult(policy.name(), capacityText, policy.capacity(), requests, misses, bytes, missBytes, evictions.count,
                (ThreadCpu.nanos() - cpu0) / 1e9, (System.nanoTime() - wall0) / 1e9);
    }

    /** Requests held in memory, seen through the cursor interface. */
    private static final class RequestCursor implements TraceCursor {
        private final Iterator<Request> requests;
        private Request current;
        private long index = -1;

        RequestCursor(Iterator<Request> requests) {
            this.requests = requests;
        }

        @Override
        public boolean advance() {
            if (!requests.hasNext()) {
                return false;
            }
            current = requests.next();
            index++;
            return true;
        }

        @Override
        public long time() {
            return current.timeNanos();
        }

        @Override
        public long id() {
            return current.objectId();
        }

        @Override
        public long size() {
            return current.size();
        }

        @Override
        public String position() {
            return "request " + index;
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    private static boolean carriesNextAccess(TraceCursor cursor, Path trace) {
        try (TraceCursor c = cursor) {
            if (!c.advance()) {
                throw new TraceException(trace + ": the trace holds no requests");
            }
            return c.nextAccess() != TraceCursor.UNKNOWN;
        }
    }

    public static WorkingSet workingSet(TraceFormat format, Path trace, ColumnSpec columns) {
        return workingSet(format.cursor(trace, columns), trace);
    }

    private static WorkingSet workingSet(TraceCursor cursor, Path trace) {
        LongLongMap seen = new LongLongMap(1 << 16);
        long objects = 0;
        long bytes = 0;
        long requests = 0;
        try (TraceCursor c = cursor) {
            while (c.advance()) {
                if (c.size() == 0) {
                    continue;
                }
                requests++;
                if (seen.put(c.id(), 1, -1) == -1) {
                    objects++;
                    bytes += c.size();
                }
            }
        }
        if (requests == 0) {
            throw new TraceException(trace + ": the trace holds no requests");
        }
        return new WorkingSet(objects, bytes, requests);
    }
}
