package dev.popnet.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.ComponentStats;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A scenario against real server processes on loopback, reported as the simulator reports a run. */
public final class LiveRun {
    /** Warm-up requests per edge before the scenario starts: past the compile thresholds of the request path (C1's are a few hundred calls). */
    private static final int WARM_UP_PER_EDGE = 400;
    private static final int WARM_UP_CONCURRENCY = 8;

    private LiveRun() {
    }

    /**
     * How a live run is driven.
     *
     * @param runDir      where the servers' configs and logs go
     * @param speed       how many times faster than the scenario's clock requests leave; 0 = as fast as {@code maxInFlight} allows
     * @param maxInFlight requests out at once, at most
     * @param progress    where progress lines go, or null for none
     */
    public record Settings(Path runDir, double speed, int maxInFlight, PrintStream progress) {
        public Settings {
            if (speed < 0 || maxInFlight < 1) {
                throw new IllegalArgumentException("speed must be >= 0 and max-in-flight >= 1");
            }
        }
    }

    /**
     * The origin's stats with its counts as they stood when the scenario started under
     * "before_scenario": what the origin served the scenario is the difference.
     */
    private static List<ComponentStats> withWarmUp(List<ComponentStats> components, ComponentStats warmedUp) {
        ComponentStats origin = components.get(0);
        if (origin.error() != null || warmedUp.error() != null) {
            return components;
        }
        ObjectNode stats = origin.stats().deepCopy();
        stats.set("before_scenario", warmedUp.stats());
        List<ComponentStats> all = new ArrayList<>(components);
        all.set(0, ComponentStats.read(origin.kind(), origin.name(), origin.url(), stats));
        return all;
    }

    /**
     * Starts the network, warms its servers up (caches stay cold), drives the scenario through it, and
     * takes it down again whatever happens, Ctrl-C included. Each request's line goes to requests.csv in
     * the run folder.
     */
    public static RunResult run(Scenario scenario, Path baseDir, Settings settings) throws Exception {
        // The client side's timers and the delay proxies run here: on the native transport a timer fires within
        // about 0.1 ms of its due time, on NIO up to a millisecond late (its select waits whole milliseconds).
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
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
        RequestLog requestLog = null;
        try {
            progress.note("starting the origin, " + scenario.pops().stream().mapToInt(p -> p.edges()).sum() + " edges in "
                    + scenario.pops().size() + " PoPs and the DNS router; logs in " + settings.runDir().resolve("logs"));
            long starting = System.nanoTime();
            network[0] = LocalNetwork.start(scenario, new LocalNetwork.Options(settings.runDir(), 0, null, true,
                    scenario.network().latencyModel()), vertx);
            progress.note(String.format("network up in %.1f s; warming up", (System.nanoTime() - starting) / 1e9));
            requestLog = RequestLog.to(settings.runDir().resolve("requests.csv"));
            backend = new LiveBackend(scenario, network[0], vertx, settings.speed(), settings.maxInFlight(), progress, requestLog);
            long warming = System.nanoTime();
            backend.warmUp(WARM_UP_PER_EDGE, WARM_UP_CONCURRENCY).await();
            // The first requests' resolvers ask the router from the run's thread: a cold router and resolver took
            // over a second on a busy machine, and every request due meanwhile left late.
            for (int r = 0; r < scenario.regions().size(); r++) {
                network[0].dnsAnswer(r);
            }
            ComponentStats warmedUp = network[0].originStats();
            progress.note(String.format("%d requests per edge for objects the scenario does not ask for in %.1f s; sending the scenario's requests",
                    WARM_UP_PER_EDGE, (System.nanoTime() - warming) / 1e9));
            RunResult result = Simulation.runLive(scenario, baseDir, ProgressListener.NONE, backend);
            progress.note(backend.edgeCpuUsed());
            return result.withComponents(withWarmUp(network[0].collectStats(), warmedUp));
        } finally {
            if (backend != null) {
                backend.close().await();
            }
            if (network[0] != null) {
                network[0].close();
            }
            if (requestLog != null) {
                requestLog.close();
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
