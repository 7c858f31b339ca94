package dev.popnet.cli;

import dev.popnet.live.NetworkState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code popnet down}: stops the network {@code popnet up} started. */
@Command(name = "down", addMethodSubcommands = false, description = "Stop the local network popnet up started (SIGTERM, then SIGKILL after 10 s).")
public final class DownCommand implements Callable<Integer> {
    @Option(names = "--run-dir", paramLabel = "DIR", description = "The run folder given to popnet up (default out/up).")
    Path runDir = Path.of("out", "up");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : NetworkState.stop(runDir, Duration.ofSeconds(10))) {
            spec.commandLine().getOut().println("popnet down: " + line);
        }
        return 0;
    }
}
