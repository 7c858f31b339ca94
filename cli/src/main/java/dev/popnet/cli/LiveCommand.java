package dev.popnet.cli;

import dev.popnet.cli.network.LocalNetwork;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.ReportFormat;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code popnet live}: the scenario against real server processes on loopback, reported like {@code popnet simulate}. */
@Command(name = "live", description = "Run a scenario against a real origin, edges and DNS router, each its own process on loopback, "
        + "with the scenario's network latency injected; report as simulate does.")
public final class LiveCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for report files, and run/ for the servers' configs and logs "
            + "(default out/<scenario>-live).")
    Path out;

    @Option(names = "--speed", description = "Play the scenario's clock this many times faster (default 1: its real rate); "
            + "0 = as fast as --max-in-flight allows.")
    double speed = 1;

    @Option(names = "--max-in-flight", description = "Requests out at once, at most (default 512).")
    int maxInFlight = 512;

    @Spec
    CommandSpec spec;

    /** How a live run is driven. */
    record Settings(Path runDir, double speed, int maxInFlight, PrintStream progress) {
    }

    @Override
    public Integer call() throws Exception {
        if (speed < 0 || maxInFlight < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--speed must be >= 0 and --max-in-flight >= 1");
        }
        Scenario scenario = scenarioOptions.load();
        Path dir = out != null ? out : Path.of("out", scenario.name() + "-live");
        RunResult result = run(scenario, scenarioOptions.baseDir(), new Settings(dir.resolve("run"), speed, maxInFlight, System.err));
        spec.commandLine().getOut().print(ReportFormat.TABLE.render(result));
        for (ReportFormat f : ReportFormat.values()) {
            f.write(result, dir);
        }
        spec.commandLine().getOut().println("\nreport: " + dir.resolve("report.html") + "\nserver logs: " + dir.resolve("run").resolve("logs"));
        return 0;
    }

    /** Starts the network, drives the scenario through it, and takes it down again whatever happens, Ctrl-C included. */
    static RunResult run(Scenario scenario, Path baseDir, Settings settings) throws Exception {
        Vertx vertx = Vertx.vertx();
        LiveProgress progress = settings.progress() == null ? LiveProgress.SILENT
                : new LiveProgress(settings.progress(), scenario.requests(), 2000);
        LocalNetwork[] network = new LocalNetwork[1];
        Thread onInterrupt = new Thread(() -> {
            if (network[0] != null) {
                network[0].close();
            }
        }, "popnet-live-shutdown");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        LiveBackend backend = null;
        try {
            progress.note("starting the origin, " + scenario.pops().stream().mapToInt(p -> p.edges()).sum() + " edges in "
                    + scenario.pops().size() + " PoPs and the DNS router; logs in " + settings.runDir().resolve("logs"));
            long starting = System.nanoTime();
            network[0] = LocalNetwork.start(scenario, new LocalNetwork.Options(settings.runDir(), 0, null, true,
                    scenario.network().latencyModel()), vertx);
            progress.note(String.format("network up in %.1f s; sending requests", (System.nanoTime() - starting) / 1e9));
            backend = new LiveBackend(scenario, network[0], vertx, settings.speed(), settings.maxInFlight(), progress);
            RunResult result = Simulation.runLive(scenario, baseDir, ProgressListener.NONE, backend);
            return result.withComponents(network[0].collectStats());
        } finally {
            if (backend != null) {
                backend.close().await();
            }
            if (network[0] != null) {
                network[0].close();
            }
            vertx.close().await();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }
}
