package dev.popnet.cli;

import dev.popnet.live.LiveRun;
import dev.popnet.simulator.report.ReportFormat;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code popnet live}: the scenario against real server processes on loopback, reported like {@code popnet simulate}. */
@Command(name = "live", addMethodSubcommands = false, description = "Run a scenario against a real origin, edges and DNS router, each its own process on loopback, "
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

    @Override
    public Integer call() throws Exception {
        if (speed < 0 || maxInFlight < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--speed must be >= 0 and --max-in-flight >= 1");
        }
        Scenario scenario = scenarioOptions.load();
        Path dir = out != null ? out : Path.of("out", scenario.name() + "-live");
        RunResult result = LiveRun.run(scenario, scenarioOptions.baseDir(), new LiveRun.Settings(dir.resolve("run"), speed, maxInFlight, System.err));
        spec.commandLine().getOut().print(ReportFormat.TABLE.render(result));
        for (ReportFormat f : ReportFormat.values()) {
            f.write(result, dir);
        }
        spec.commandLine().getOut().println("\nreport: " + dir.resolve("report.html") + "\nserver logs: " + dir.resolve("run").resolve("logs"));
        return 0;
    }
}
