package dev.popnet.cli;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.config.ByteSizes;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.RequestSource;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.core.cache.PolicySpec;
import dev.popnet.core.cache.SizeChange;
import dev.popnet.simulator.replay.CapacitySpec;
import dev.popnet.simulator.replay.MissRatioCurve;
import dev.popnet.simulator.replay.ReplayPlan;
import dev.popnet.simulator.replay.ReplayReport;
import dev.popnet.simulator.replay.TraceReplay;
import dev.popnet.simulator.trace.ColumnSpec;
import dev.popnet.simulator.report.ReportFormat;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.sweep.Sweep;
import dev.popnet.simulator.sweep.SweepGrid;
import dev.popnet.simulator.sweep.SweepReport;
import dev.popnet.simulator.trace.TraceFormat;
import dev.popnet.sweep.cluster.ClusterSweep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code popnet simulate}: a scenario in virtual time, a sweep over a grid of them, or one cache over a trace. */
@Command(name = "simulate", addMethodSubcommands = false, description = "Simulate a PoP network in virtual time and report hit ratios and latency.")
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(names = "--policy", converter = PolicyFlag.class, description = "Use this eviction policy in every PoP; with --replay a list (lru,s3fifo,arc), parameters in parentheses (s3fifo(ghost=1.0)).")
    String policy;

    @Option(names = "--capacity", paramLabel = "SIZE", converter = CapacityFlag.class, description = "Cache capacity per edge, e.g. 512MiB; with --replay a list, absolute or fractions of the working set (0.001,0.01,0.1); objects with --objects.")
    String capacity;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for report files (default out/<scenario>-<time>).")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "FORMAT", description = "Files to write: table,json,csv,html (default all; any case).")
    Set<ReportFormat> formats = EnumSet.allOf(ReportFormat.class);

    @Option(names = "--no-files", description = "Print the summary only.")
    boolean noFiles;

    @Option(names = "--sweep", paramLabel = "AXIS=V1,V2", description = "Grid axis (repeatable): policy=lru,s3fifo, capacity=64MiB,1GiB, alpha=0.7,0.9, ttl.<class>=60s,1h, pops=2,4, edges=1,2, routing=nearest,anycast, ecs=on,off.")
    Map<String, String> sweep = new LinkedHashMap<>();

    @Option(names = "--cluster", split = ",", paramLabel = "HOST:PORT", description = "Run the sweep's cells on the 'popnet worker' cluster reached through these workers.")
    List<String> cluster = new ArrayList<>();

    @Mixin
    SweepSecretOptions clusterSecret;

    @Option(names = "--threads", description = "Parallel runs in a sweep (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--replay", paramLabel = "TRACE", description = "Replay a trace through caches (no network): every --policy at every --capacity, in parallel.")
    Path replay;

    @Option(names = "--trace-format", paramLabel = "FORMAT", description = "Format of --replay: oracle-general, lcs, vscsi, csv, txt, twitter, arc, lirs, wikimedia (default: from the content or libCacheSim's file names).")
    String traceFormat;

    @Option(names = "--csv-columns", paramLabel = "SPEC", description = "Columns of a csv trace, e.g. 'time-col=1;obj-id-col=2;obj-size-col=3;delimiter=,;has-header=true'.")
    String csvColumns;

    @Option(names = "--objects", description = "With --replay: capacity counts objects, not bytes.")
    boolean objects;

    @Option(names = "--size-change", paramLabel = "RULE", description = "With --replay, an object whose size changed: new-version (a miss, the default) or keep (a hit at the old size, as libCacheSim).")
    String sizeChange = "new-version";

    @Option(names = "--admission", paramLabel = "FILTER", description = "With --replay: admission filter in front of every policy: size(max=1MiB), adaptsize(c=64KiB), second-hit(keys=N), tinylfu(keys=N).")
    String admission;

    @Option(names = "--mrc", description = "With --replay: the LRU miss-ratio curve from stack distances in one pass, at --capacity or 40 sizes.")
    boolean mrc;

    @Option(names = "--mrc-sample", paramLabel = "RATE", description = "With --mrc: SHARDS spatial sampling rate, e.g. 0.01 (default 1: exact).")
    double mrcSample = 1;

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
        if (!cluster.isEmpty()) {
            throw new IllegalArgumentException("--cluster runs the cells of a --sweep; give one or more --sweep axes");
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
        SweepGrid grid = SweepGrid.of(scenario, axes);
        List<SweepGrid.Point> points;
        try (Progress progress = new Progress("sweep", quiet)) {
            if (cluster.isEmpty()) {
                points = Sweep.run(grid, baseDir, threads, progress);
            } else {
                try (ClusterSweep distributed = ClusterSweep.connect(cluster, clusterSecret.secret(), Version.current().describe(),
                        line -> System.err.println("sweep: " + line))) {
                    points = distributed.run(grid, baseDir, progress);
                }
            }
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

    private int replay(PrintWriter stdout) throws InterruptedException, IOException {
        if (capacity == null && !sweep.containsKey("capacity") && !mrc) {
            throw new IllegalArgumentException("--replay needs --capacity (absolute, or fractions of the working set such as 0.001,0.01,0.1)");
        }
        if (!cluster.isEmpty()) {
            throw new IllegalArgumentException("--cluster runs the cells of a --sweep of a scenario, not --replay");
        }
        for (String axis : sweep.keySet()) {
            if (!axis.equals("policy") && !axis.equals("capacity")) {
                throw new IllegalArgumentException("--sweep " + axis + " does not apply to --replay (policy and capacity do)");
            }
        }
        Path path = RequestSource.resolve(replay.toString(), null);
        TraceFormat format = traceFormat != null ? TraceFormat.named(traceFormat) : TraceFormat.detect(path);
        ColumnSpec columns = csvColumns == null ? null : ColumnSpec.parse(csvColumns);
        CapacityMode mode = objects ? CapacityMode.OBJECTS : CapacityMode.BYTES;
        if (mrc) {
            return missRatioCurve(path, format, columns, mode, stdout);
        }
        List<String> policies = new ArrayList<>(PolicySpec.splitList(policy == null ? "lru" : policy));
        List<String> capacities = new ArrayList<>(capacity == null ? List.of() : Arrays.asList(capacity.split(",")));
        if (sweep.containsKey("policy")) {
            policies = PolicySpec.splitList(sweep.get("policy"));
        }
        if (sweep.containsKey("capacity")) {
            capacities = Arrays.asList(sweep.get("capacity").split(","));
        }
        ReplayPlan plan = new ReplayPlan(path, format, columns, policies,
                capacities.stream().map(c -> CapacitySpec.parse(c, objects)).toList(), mode, SizeChange.named(sizeChange), admission,
                threads, ReplayPlan.DEFAULT_MEMORY_LIMIT);
        ReplayReport report = new ReplayReport(plan, TraceReplay.run(plan));
        stdout.print(report.table());
        for (String c : capacities) {
            if (ByteSizes.isDecimal(c)) {
                stdout.printf(Locale.ROOT, "note: %s is %,d bytes (decimal); libCacheSim reads it as %,d (write %siB for that)%n", c.trim(),
                        ByteSizes.parse(c), ByteSizes.parseBinary(c), c.trim().replaceAll("(?i)b$", ""));
            }
        }
        if (plan.policies().stream().anyMatch(PolicyRegistry::isOffline)) {
            stdout.println(objects ? "belady: optimal for unit sizes (object mode), an upper bound for any online policy; belady-admit admits every miss, as libCacheSim's Belady"
                    : "belady: with real sizes farthest-next-access first is a strong bound, not exactly optimal (exact only for unit sizes)");
        }
        if (!noFiles) {
            Path dir = out != null ? out : outDir(path.getFileName().toString() + "-replay");
            Files.createDirectories(dir);
            Map<ReportFormat, String[]> files = Map.of(ReportFormat.TABLE, new String[] {"summary.txt", report.table()},
                    ReportFormat.CSV, new String[] {"replay.csv", report.csv()}, ReportFormat.JSON, new String[] {"replay.json", report.json()},
                    ReportFormat.HTML, new String[] {"replay.html", report.html()});
            List<String> written = new ArrayList<>();
            for (ReportFormat f : formats) {
                String[] file = files.get(f);
                Files.writeString(dir.resolve(file[0]), file[1]);
                written.add(file[0]);
            }
            if (formats.contains(ReportFormat.HTML)) {
                stdout.println("\nreport: " + dir.resolve("replay.html"));
            }
            stdout.println("files:  " + dir + " (" + String.join(", ", written) + ")");
        }
        return 0;
    }

    /** The LRU miss-ratio curve in one pass (SHARDS when sampling), at the given capacities or at 40 across the working set. */
    private int missRatioCurve(Path path, TraceFormat format, ColumnSpec columns, CapacityMode mode, PrintWriter stdout) throws IOException {
        MissRatioCurve curve = MissRatioCurve.compute(format.cursor(path, columns), mode, mrcSample);
        List<long[]> points = new ArrayList<>();
        String unit = objects ? "objects" : "bytes";
        List<String> given = capacity == null ? List.of() : Arrays.asList(capacity.split(","));
        TraceReplay.WorkingSet wss = null;
        if (given.isEmpty() || given.stream().anyMatch(c -> CapacitySpec.parse(c, objects).isFraction())) {
            wss = TraceReplay.workingSet(format, path, columns);
        }
        long total = wss == null ? 0 : wss.in(mode);
        if (given.isEmpty()) {
            for (int i = 1; i <= 40; i++) {
                points.add(new long[] {Math.max(1, (long) (total * Math.pow(10, -3 + 3.0 * i / 40)))});
            }
        } else {
            for (String c : given) {
                points.add(new long[] {CapacitySpec.parse(c, objects).resolve(total)});
            }
        }
        StringBuilder csv = new StringBuilder("capacity_" + unit + ",lru_miss_ratio\n");
        stdout.printf(Locale.ROOT, "%s  LRU miss-ratio curve from stack distances%s, capacity in %s%n", path,
                mrcSample < 1 ? String.format(Locale.ROOT, " (SHARDS, sampling %.4f: %,d requests)", mrcSample, curve.sampledRequests()) : "", unit);
        for (long[] p : points) {
            double mr = curve.missRatio(p[0]);
            stdout.printf(Locale.ROOT, "%,18d  %.4f%n", p[0], mr);
            csv.append(p[0]).append(',').append(String.format(Locale.ROOT, "%.6f", mr)).append('\n');
        }
        if (!noFiles) {
            Path dir = out != null ? out : outDir(path.getFileName().toString() + "-mrc");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("mrc.csv"), csv.toString());
            stdout.println("files:  " + dir + " (mrc.csv)");
        }
        return 0;
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
