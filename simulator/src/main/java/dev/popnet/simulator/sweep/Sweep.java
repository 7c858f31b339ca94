package dev.popnet.simulator.sweep;

import dev.popnet.core.config.ByteSizes;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one scenario over a grid of policies × per-edge capacities × Zipf alphas, each run on its own
 * thread (runs are single-threaded and deterministic, so the grid gives the same numbers on any core count).
 */
public final class Sweep {
    /** One cell of the grid and what it measured. */
    public record Point(String policy, long capacity, double alpha, RunResult result) {
    }

    private Sweep() {
    }

    public static List<Point> run(Scenario base, Path baseDir, Map<String, List<String>> axes, int threads, ProgressListener progress)
            throws InterruptedException {
        List<String> policies = axes.getOrDefault("policy", List.of(base.pops().get(0).policy()));
        List<Long> capacities = axes.getOrDefault("capacity", List.of(String.valueOf(base.pops().get(0).capacity())))
                .stream().map(ByteSizes::parse).toList();
        List<Double> alphas = axes.getOrDefault("alpha", List.of(String.valueOf(base.workload().alpha())))
                .stream().map(Double::parseDouble).toList();
        for (String axis : axes.keySet()) {
            if (!List.of("policy", "capacity", "alpha").contains(axis)) {
                throw new IllegalArgumentException("unknown sweep axis '" + axis + "' (use policy, capacity, alpha)");
            }
        }
        List<Scenario> grid = new ArrayList<>();
        List<Object[]> keys = new ArrayList<>();
        for (double alpha : alphas) {
            for (String policy : policies) {
                for (long capacity : capacities) {
                    grid.add(base.withCaches(policy, capacity).withWorkload(base.workload().withAlpha(alpha)));
                    keys.add(new Object[] {policy, capacity, alpha});
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (Scenario s : grid) {
                futures.add(pool.submit(() -> {
                    RunResult r = Simulation.run(s, baseDir, ProgressListener.NONE);
                    progress.progress(done.incrementAndGet(), grid.size());
                    return r;
                }));
            }
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                Object[] k = keys.get(i);
                points.add(new Point((String) k[0], (Long) k[1], (Double) k[2], futures.get(i).get()));
            }
            return points;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
