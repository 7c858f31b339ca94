package dev.popnet.simulator.sweep;

import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.PopResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the cells of a grid on this machine, each on its own thread (runs are single-threaded and
 * deterministic, so the grid gives the same numbers on any core count, or on other machines).
 */
public final class Sweep {
    private Sweep() {
    }

    /** What one cell measured: the totals over all PoPs. */
    public static PopResult runCell(SweepGrid grid, SweepGrid.Cell cell, Path baseDir) {
        return Simulation.run(grid.scenario(cell), baseDir, ProgressListener.NONE).total();
    }

    public static List<SweepGrid.Point> run(SweepGrid grid, Path baseDir, int threads, ProgressListener progress) throws InterruptedException {
        List<SweepGrid.Cell> cells = grid.cells();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<PopResult>> futures = new ArrayList<>();
            for (SweepGrid.Cell cell : cells) {
                futures.add(pool.submit(() -> {
                    PopResult r = runCell(grid, cell, baseDir);
                    progress.progress(done.incrementAndGet(), cells.size());
                    return r;
                }));
            }
            List<SweepGrid.Point> points = new ArrayList<>();
            for (SweepGrid.Cell cell : cells) {
                points.add(grid.point(cell, futures.get(cell.index()).get()));
            }
            return points;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
