package dev.popnet.cli;

import dev.popnet.live.Component;
import dev.popnet.live.LocalNetwork;
import dev.popnet.live.NetworkPlan;
import dev.popnet.live.NetworkState;
import dev.popnet.simulator.scenario.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code popnet up}: a scenario's network running on loopback, each server its own process, for manual use with curl and dig. */
@Command(name = "up", addMethodSubcommands = false, description = "Start a scenario's origin, edges (127.0.P.E) and DNS router on loopback, each its own process; "
        + "Ctrl-C or popnet down stops them.")
public final class UpCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "Scenario YAML (default configs/scenarios/quickstart.yaml).")
    Path scenarioFile;

    @Option(names = "--dns-port", description = "DNS port (default 5353).")
    int dnsPort = 5353;

    @Option(names = "--purge-token", description = "Purge token for the edges (default: environment variable POPNET_PURGE_TOKEN).")
    String purgeToken = System.getenv("POPNET_PURGE_TOKEN");

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Folder for the servers' configs, logs and network.json (default out/up).")
    Path runDir = Path.of("out", "up");

    @Option(names = {"-d", "--detach"}, description = "Leave the servers running and return; popnet down stops them.")
    boolean detach;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = Scenario.load(ScenarioOptions.orDefault(scenarioFile));
        LocalNetwork network = LocalNetwork.start(scenario, new LocalNetwork.Options(runDir, dnsPort, purgeToken, !detach, null), null);
        NetworkState.write(runDir, scenario.name(), network.components());
        var out = spec.commandLine().getOut();
        out.println("popnet up: " + scenario.name() + " on loopback, " + network.components().size() + " processes; logs in "
                + runDir.resolve("logs") + "\n");
        out.print(guide(scenario, network));
        out.println(detach ? "\nstop it with: ./popnet down" + (runDir.equals(Path.of("out", "up")) ? "" : " --run-dir " + runDir)
                : "\nCtrl-C (or popnet down from another shell) stops it.");
        out.flush();
        if (detach) {
            return 0;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(network::close, "popnet-up-shutdown"));
        // Stay until Ctrl-C, or until popnet down has stopped every process.
        while (network.components().stream().anyMatch(Component::alive)) {
            Thread.sleep(500);
        }
        network.close();
        return 0;
    }

    /** Addresses, and commands to try. */
    static String guide(Scenario s, LocalNetwork network) {
        NetworkPlan plan = network.plan();
        StringBuilder sb = new StringBuilder();
        for (Component c : network.components()) {
            sb.append(String.format("%-7s %-8s pid %-7d log %s%n", c.kind(), c.name(), c.pid(), c.log()));
        }
        sb.append('\n').append(String.format("origin  %s%n", plan.originUrl()));
        List<String> all = new ArrayList<>();
        plan.edges().forEach((pop, list) -> list.forEach(e -> {
            sb.append(String.format("edge    %-8s %s%n", e.node(), e.url()));
            all.add(e.url());
        }));
        sb.append(String.format("dns     127.0.0.1:%d (zone %s), stats %s/stats%n%ntry:%n", plan.dnsPort(), NetworkPlan.ZONE,
                plan.dnsStatsUrl()));
        for (int r = 0; r < s.regions().size(); r++) {
            sb.append(String.format("  dig @127.0.0.1 -p %d %s A +subnet=10.%d.0.0/24 +short   # a client in %s%n", plan.dnsPort(),
                    NetworkPlan.HOSTNAME, r + 1, s.regions().get(r).name()));
        }
        sb.append(String.format("  curl -s -D - -o /dev/null -H 'Host: %s' '%s/obj/1?size=10000&ttl=60' | grep -i cache-status%n",
                NetworkPlan.HOSTNAME_NO_DOT, all.get(0)));
        sb.append("  ./popnet stats ").append(String.join(" ", all)).append(' ').append(plan.dnsStatsUrl()).append(' ')
                .append(plan.originUrl()).append('\n');
        return sb.toString();
    }
}
