package dev.popnet.cli;

import dev.popnet.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code popnet up}: a scenario's network running on loopback for manual use with curl and dig; Ctrl-C takes it down. */
@Command(name = "up", description = "Start a scenario's origin, edges (127.0.P.E) and DNS router on loopback until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "Scenario YAML (default configs/scenarios/quickstart.yaml).")
    Path scenarioFile;

    @Option(names = "--dns-port", description = "DNS port (default 5353).")
    int dnsPort = 5353;

    @Option(names = "--purge-token", description = "Purge token for the edges (default: environment variable POPNET_PURGE_TOKEN).")
    String purgeToken = System.getenv("POPNET_PURGE_TOKEN");

    @Override
    public Integer call() throws Exception {
        Path file = ScenarioOptions.orDefault(scenarioFile);
        Scenario scenario = Scenario.load(file);
        Vertx vertx = Vertx.vertx();
        LocalNetwork network = ServerLifetime.start(vertx, () -> {
            try {
                return io.vertx.core.Future.succeededFuture(LocalNetwork.start(vertx, scenario, purgeToken, dnsPort));
            } catch (Exception e) {
                return io.vertx.core.Future.failedFuture(e);
            }
        });
        System.out.println("popnet up: " + scenario.name() + " on loopback (Ctrl-C takes it down)\n");
        System.out.print(network.describe(scenario));
        System.out.flush();
        return ServerLifetime.runUntilStopped(vertx, network::close);
    }
}
