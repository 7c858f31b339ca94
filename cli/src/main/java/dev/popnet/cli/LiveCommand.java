package dev.popnet.cli;

import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.ReportFormat;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code popnet live}: the scenario against real servers on loopback, reported like {@code popnet simulate}. */
@Command(name = "live", description = "Run a scenario against a real origin, edges and DNS router on loopback and report as simulate does.")
public final class LiveCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for report files (default out/<scenario>-live).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = scenarioOptions.load();
        RunResult result = run(scenario, scenarioOptions.baseDir(), (done, total) -> {
            if (done % (1 << 16) == 0 || done == total) {
                System.err.printf("live: %,d / %,d requests%n", done, total);
            }
        });
        spec.commandLine().getOut().print(ReportFormat.TABLE.render(result));
        Path dir = out != null ? out : Path.of("out", scenario.name() + "-live");
        for (ReportFormat f : ReportFormat.values()) {
            f.write(result, dir);
        }
        spec.commandLine().getOut().println("\nreport: " + dir.resolve("report.html"));
        return 0;
    }

    /** Starts the network, drives the scenario through it, and takes it down again whatever happens. */
    static RunResult run(Scenario scenario, Path baseDir, dev.popnet.simulator.engine.ProgressListener progress) throws Exception {
        Vertx vertx = Vertx.vertx();
        LocalNetwork network = null;
        try {
            network = LocalNetwork.start(vertx, scenario, null, 0);
            return Simulation.runLive(scenario, baseDir, progress, new LiveBackend(scenario, network));
        } finally {
            if (network != null) {
                network.close().await(10, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
