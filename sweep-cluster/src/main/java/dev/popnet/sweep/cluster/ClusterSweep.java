package dev.popnet.sweep.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import dev.popnet.core.security.SharedSecret;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.sweep.SweepGrid;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The coordinator of a distributed sweep: a client of the workers' cluster that sends each cell of a grid
 * to a worker through the cluster's executor, keeps each worker as busy as its threads allow, and gathers
 * the answers into the same points a local sweep makes. A worker of another popnet build, or one that
 * cannot read the scenario's trace, is refused (and says why); a worker that leaves mid-sweep has its
 * cells run again by the others, and a worker that joins mid-sweep is put to work.
 */
public final class ClusterSweep implements AutoCloseable {
    private static final long PROBE_SECONDS = 60;

    private final HazelcastInstance client;
    private final SharedSecret secret;
    private final String version;
    private final Consumer<String> log;

    private ClusterSweep(HazelcastInstance client, SharedSecret secret, String version, Consumer<String> log) {
        this.client = client;
        this.secret = secret;
        this.version = version;
        this.log = log;
    }

    /**
     * Connects to the workers' cluster through any of {@code addresses} (host:port).
     *
     * @param version this build of popnet: workers of another build are refused
     * @param log     where refusals, lost workers and re-runs are told
     */
    public static ClusterSweep connect(List<String> addresses, SharedSecret secret, String version, Consumer<String> log) {
        try {
            return new ClusterSweep(HazelcastClient.newHazelcastClient(SweepCluster.client(addresses, secret)), secret, version, log);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("no sweep workers at " + String.join(",", addresses)
                    + " (none listening, or they were started with another secret)", e);
        }
    }

    /** A worker put to work, and how many cells it runs at once. */
    private record Worker(Member member, String name, int slots) {
    }

    /** A cell's task came back from a worker, with its reply or what went wrong. */
    private record Done(int cell, Worker worker, CellReply reply, Throwable error) {
    }

    public List<SweepGrid.Point> run(SweepGrid grid, Path baseDir, ProgressListener progress) throws InterruptedException {
        String sweep = UUID.randomUUID().toString().substring(0, 8);
        String base = baseDir == null ? null : baseDir.toAbsolutePath().toString();
        TraceFingerprint trace = TraceFingerprint.of(grid.base(), baseDir);
        List<CellTask> tasks = new ArrayList<>();
        for (SweepGrid.Cell cell : grid.cells()) {
            Scenario s = grid.scenario(cell);
            tasks.add(sign(new Messages.Order(sweep, Messages.Kind.CELL, cell.index(), version, s, base, trace), s));
        }
        CellTask probe = sign(new Messages.Order(sweep, Messages.Kind.PROBE, -1, version, null, base, trace), null);
        PopResult[] totals = new Run(sweep, tasks, probe, progress).gather();
        List<SweepGrid.Point> points = new ArrayList<>();
        for (SweepGrid.Cell cell : grid.cells()) {
            points.add(grid.point(cell, totals[cell.index()]));
        }
        return points;
    }

    /** One sweep under way: which workers run it, which cells wait, which are out, what came back. */
    private final class Run {
        private final String sweep;
        private final List<CellTask> tasks;
        private final CellTask probe;
        private final ProgressListener progress;
        private final IExecutorService executor = client.getExecutorService(SweepCluster.EXECUTOR);
        private final Map<Member, Worker> workers = new LinkedHashMap<>();
        private final Set<Member> seen = new HashSet<>();
        private final List<String> refusals = new ArrayList<>();
        private final Deque<Integer> pending = new ArrayDeque<>();
        private final Map<Worker, Integer> busy = new HashMap<>();
        private final LinkedBlockingQueue<Done> finished = new LinkedBlockingQueue<>();
        private final PopResult[] totals;
        private int done;

        Run(String sweep, List<CellTask> tasks, CellTask probe, ProgressListener progress) {
            this.sweep = sweep;
            this.tasks = tasks;
            this.probe = probe;
            this.progress = progress;
            this.totals = new PopResult[tasks.size()];
            for (int i = 0; i < tasks.size(); i++) {
                pending.add(i);
            }
        }

        PopResult[] gather() throws InterruptedException {
            while (done < tasks.size()) {
                admitNewcomers();
                for (Worker w : workers.values()) {
                    while (busy.getOrDefault(w, 0) < w.slots() && !pending.isEmpty()) {
                        submit(pending.pollFirst(), w);
                        busy.merge(w, 1, Integer::sum);
                    }
                }
                if (workers.isEmpty() && busy.values().stream().allMatch(n -> n == 0)) {
                    throw new IllegalStateException(refusals.isEmpty() ? "no sweep worker is left in the cluster (" + (tasks.size() - done)
                            + " cells not run)" : "no worker can run this sweep:\n  " + String.join("\n  ", refusals));
                }
                Done d = finished.poll(1, TimeUnit.SECONDS); // a second at most, to look for workers that joined
                if (d != null) {
                    busy.merge(d.worker(), -1, Integer::sum);
                    take(d);
                }
            }
            return totals;
        }

        private void take(Done d) {
            if (d.error() != null) {
                if (!lost(d.error())) {
                    throw new IllegalStateException("cell " + d.cell() + " failed on worker " + d.worker().name() + ": " + message(d.error()),
                            d.error());
                }
                if (workers.remove(d.worker().member()) != null) {
                    log.accept("worker " + d.worker().name() + " left; its cells run again on the others");
                }
                pending.addFirst(d.cell());
                return;
            }
            Messages.Answer a = open(d.reply(), sweep, d.cell());
            if (a.refusal() != null) {
                workers.remove(d.worker().member());
                refuse(d.worker().name(), a.refusal());
                pending.addFirst(d.cell());
            } else if (totals[d.cell()] == null) {
                totals[d.cell()] = a.total();
                done++;
                progress.progress(done, tasks.size());
            }
        }

        /** Puts to work every member not seen before whose build is ours and who can read the trace; tells why of the others. */
        private void admitNewcomers() throws InterruptedException {
            for (Member m : client.getCluster().getMembers()) {
                if (!seen.add(m)) {
                    continue;
                }
                String name = m.getSocketAddress().getHostString() + ":" + m.getSocketAddress().getPort();
                String build = m.getAttribute(SweepCluster.VERSION_ATTRIBUTE);
                String refusal = version.equals(build) ? probe(m)
                        : "it runs " + (build == null ? "no popnet sweep worker" : build) + ", this sweep needs " + version;
                if (refusal != null) {
                    refuse(name, refusal);
                } else {
                    String threads = m.getAttribute(SweepCluster.THREADS_ATTRIBUTE);
                    workers.put(m, new Worker(m, name, Math.max(1, threads == null ? 1 : Integer.parseInt(threads))));
                }
            }
        }

        private void refuse(String worker, String reason) {
            refusals.add(worker + ": " + reason);
            log.accept("refused worker " + worker + ": " + reason);
        }

        /** Null when the member can run the sweep, else why not. */
        private String probe(Member m) throws InterruptedException {
            try {
                return open(executor.submitToMember(probe, m).get(PROBE_SECONDS, TimeUnit.SECONDS), sweep, -1).refusal();
            } catch (ExecutionException e) {
                return lost(e) ? "it left" : "it failed the check: " + message(e);
            } catch (TimeoutException e) {
                return "it did not answer within " + PROBE_SECONDS + " s";
            }
        }

        private void submit(int cell, Worker w) {
            executor.submitToMember(tasks.get(cell), w.member(), new ExecutionCallback<CellReply>() {
                @Override
                public void onResponse(CellReply reply) {
                    finished.add(new Done(cell, w, reply, null));
                }

                @Override
                public void onFailure(Throwable t) {
                    finished.add(new Done(cell, w, null, t));
                }
            });
        }
    }

    /** The order as a signed task; a cell's scenario must come out of its JSON unchanged, or the worker would run another. */
    private CellTask sign(Messages.Order order, Scenario scenario) {
        byte[] bytes = Messages.write(order);
        if (scenario != null && !scenario.equals(Messages.read(Messages.tree(bytes), Messages.Order.class).scenario())) {
            throw new IllegalArgumentException("cell " + order.cell() + "'s scenario does not survive the trip to a worker unchanged; "
                    + "run this sweep without --cluster");
        }
        return new CellTask(bytes, secret.sign(bytes));
    }

    /** The answer, once its signature and its sweep and cell check out. */
    private Messages.Answer open(CellReply reply, String sweep, int cell) {
        byte[] bytes = reply.answer();
        if (!secret.verify(bytes, reply.signature())) {
            throw new SecurityException("an answer for cell " + cell + " is not signed with this cluster's secret");
        }
        Messages.Answer a = Messages.read(bytes, Messages.Answer.class);
        if (!sweep.equals(a.sweep()) || a.cell() != cell) {
            throw new SecurityException("an answer for sweep " + sweep + " cell " + cell + " came back as sweep " + a.sweep() + " cell " + a.cell());
        }
        return a;
    }

    /** Whether the worker went away (killed, disconnected, shut down) rather than the cell failing. */
    private static boolean lost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MemberLeftException || c instanceof RetryableException || c instanceof TargetDisconnectedException
                    || c instanceof com.hazelcast.core.HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable t) {
        Throwable c = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
