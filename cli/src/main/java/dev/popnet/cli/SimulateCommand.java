package dev.popnet.cli;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.config.ByteSizes;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.RequestSource;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.replay.ReplayResult;
import dev.popnet.simulator.replay.TraceReplay;
import dev.popnet.simulator.report.ReportFormat;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.sweep.Sweep;
import dev.popnet.simulator.sweep.SweepReport;
import dev.popnet.simulator.trace.TraceFormat;
import dev.popnet.simulator.workload.Request;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code popnet simulate}: a scenario in virtual time, a sweep over a grid of them, or one cache over a trace. */
@Command(name = "simulate", description = "Simulate a PoP network in virtual time and report hit ratios and latency.")
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(names = "--policy", description = "Use this eviction policy in every PoP (or for --replay).")
    String policy;

    @Option(names = "--capacity", paramLabel = "SIZE", description = "Cache capacity per edge, e.g. 512MiB (objects with --objects).")
    String capacity;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for report files (default out/<scenario>-<time>).")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "FORMAT", description = "Files to write: table,json,csv,html (default all).")
    Set<ReportFormat> formats = EnumSet.allOf(ReportFormat.class);

    @Option(names = "--no-files", description = "Print the summary only.")
    boolean noFiles;

    @Option(names = "--sweep", paramLabel = "AXIS=V1,V2", description = "Grid axis: policy=..., capacity=..., alpha=... (repeatable).")
    Map<String, String> sweep = new LinkedHashMap<>();

    @Option(names = "--threads", description = "Parallel runs in a sweep (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--replay", paramLabel = "TRACE", description = "Replay a trace through one cache (no network) instead of a scenario.")
    Path replay;

    @Option(names = "--trace-format", description = "Format of --replay: ${COMPLETION-CANDIDATES} (default: by extension).")
    TraceFormat traceFormat;

    @Option(names = "--objects", description = "With --replay: capacity counts objects, not bytes.")
    boolean objects;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (replay != null) {
            return replay(stdout);
        }
        Scenario scenario = scenarioOptions.load();
        if (policy != null || capacity != null) {
            scenario = scenario.withCaches(policy, capacity == null ? null : ByteSizes.parse(capacity));
        }
        Path baseDir = scenarioOptions.baseDir();
        if (!sweep.isEmpty()) {
            return sweep(scenario, baseDir, stdout);
        }
        try (Progress progress = new Progress("simulate", quiet)) {
            RunResult result = Simulation.run(scenario, baseDir, progress);
            progress.close();
            stdout.print(ReportFormat.TABLE.render(result));
            writeFiles(result, scenario.name(), stdout);
        }
        return 0;
    }

    private void writeFiles(RunResult result, String name, PrintWriter stdout) {
        if (noFiles) {
            return;
        }
        Path dir = outDir(name);
        for (ReportFormat f : formats) {
            Path written = f.write(result, dir);
            if (f == ReportFormat.HTML) {
                stdout.println("\nreport: " + written);
            }
        }
        stdout.println("files:  " + dir + " (" + String.join(", ", formats.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList()) + ")");
    }

    private Path outDir(String name) {
        return out != null ? out : Path.of("out", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    private int sweep(Scenario scenario, Path baseDir, PrintWriter stdout) throws InterruptedException, IOException {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        sweep.forEach((k, v) -> axes.put(k, Arrays.asList(v.split(","))));
        List<Sweep.Point> points;
        try (Progress progress = new Progress("sweep", quiet)) {
            points = Sweep.run(scenario, baseDir, axes, threads, progress);
        }
        stdout.print(SweepReport.table(points));
        if (!noFiles) {
            Path dir = outDir(scenario.name() + "-sweep");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("sweep.csv"), SweepReport.csv(points));
            Files.writeString(dir.resolve("sweep.html"), SweepReport.html(scenario.name(), points));
            stdout.println("\nreport: " + dir.resolve("sweep.html"));
        }
        return 0;
    }

    private int replay(PrintWriter stdout) {
        TraceFormat format = traceFormat != null ? traceFormat : guessFormat(replay);
        String name = policy == null ? "lru" : policy;
        if (capacity == null) {
            throw new IllegalArgumentException("--replay needs --capacity");
        }
        long cap = ByteSizes.parse(capacity);
        Path path = RequestSource.resolve(replay.toString(), null);
        ReplayResult r;
        try (Stream<Request> requests = format.open(path, dev.popnet.simulator.trace.TraceSpec.TimeUnitName.S)) {
            r = TraceReplay.run(requests.iterator(), name, cap, objects ? CapacityMode.OBJECTS : CapacityMode.BYTES);
        }
        stdout.printf(Locale.ROOT, "%s  policy %s  capacity %,d %s%n%,d requests: hit ratio %.4f, byte hit ratio %.4f, %.2f s, %,.0f requests/s%n",
                path, r.policy(), r.capacity(), objects ? "objects" : "bytes", r.requests(), r.hitRatio(), r.byteHitRatio(),
                r.wallSeconds(), r.requestsPerSecond());
        if (PolicyRegistry.isOffline(name)) {
            stdout.println(objects ? "belady: optimal for unit sizes (object mode), an upper bound for any online policy"
                    : "belady: with real sizes this is farthest-next-access first, a strong bound but not exactly optimal (it is exact only for unit sizes)");
        }
        return 0;
    }

    private static TraceFormat guessFormat(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".bin") || n.contains("oraclegeneral")) {
            return TraceFormat.ORACLE_GENERAL;
        }
        return n.endsWith(".csv") ? TraceFormat.CSV : TraceFormat.WIKIMEDIA;
    }

    /**
     * Progress on stderr once a run has taken more than a second: a redrawn bar on a terminal, else a
     * plain line at every tenth (no carriage-return frames in a log). Its clock starts with the run.
     */
    private static final class Progress implements ProgressListener, AutoCloseable {
        private final String task;
        private final boolean quiet;
        private final boolean terminal = System.console() != null;
        private final long started = System.nanoTime();
        private me.tongfei.progressbar.ProgressBar bar;
        private long nextTenth = 1;

        Progress(String task, boolean quiet) {
            this.task = task;
            this.quiet = quiet;
        }

        @Override
        public synchronized void progress(long done, long total) {
            long elapsed = System.nanoTime() - started;
            if (quiet || elapsed < 1_000_000_000L || total <= 0) {
                return;
            }
            if (!terminal) {
                if (done * 10 >= nextTenth * total && nextTenth <= 10) {
                    System.err.printf(Locale.ROOT, "%s: %d%% after %.1f s%n", task, done * 100 / total, elapsed / 1e9);
                    nextTenth = done * 10 / total + 1;
                }
                return;
            }
            if (bar == null) {
                bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                        .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII).continuousUpdate()
                        .startsFrom(done, java.time.Duration.ofNanos(elapsed)).build();
            }
            bar.stepTo(done);
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
