package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * popnet live and popnet simulate on the same scenario and seed: the same per-PoP split, hit ratios
 * within 1 point, and origin fetches that agree, counted at the real origin. The live PoPs are
 * Hazelcast clusters (one owner per key), as the simulator models them.
 */
class LiveParityTest {
    @Test
    void liveAgreesWithSimulation() throws Exception {
        Path file = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "parity.yaml");
        Scenario scenario = Scenario.load(file).withRequests(10_000).withWarmupFraction(0);
        RunResult simulated = Simulation.run(scenario, file.getParent(), ProgressListener.NONE);
        Vertx vertx = Vertx.vertx();
        LocalNetwork network = LocalNetwork.start(vertx, scenario, null, 0);
        RunResult live;
        long originRequests;
        try {
            long before = network.origin.requestCount();
            live = Simulation.runLive(scenario, file.getParent(), ProgressListener.NONE, new LiveBackend(scenario, network));
            originRequests = network.origin.requestCount() - before;
        } finally {
            network.close().await(20, TimeUnit.SECONDS);
            vertx.close().await(20, TimeUnit.SECONDS);
        }
        assertEquals("live", live.source());
        assertEquals(0, live.total().errors());
        for (int i = 0; i < simulated.pops().size(); i++) {
            PopResult s = simulated.pops().get(i);
            PopResult l = live.pops().get(i);
            assertEquals(s.requests(), l.requests(), s.pop() + " gets the same requests live (DNS answers agree with the shared router)");
            assertEquals(s.hitRatio(), l.hitRatio(), 0.01, s.pop() + " hit ratio live vs simulated");
        }
        assertEquals(live.total().originFetches(), originRequests, "every miss the edges reported reached the origin once");
        long simulatedFetches = simulated.total().originFetches();
        assertTrue(Math.abs(originRequests - simulatedFetches) <= simulatedFetches * 0.03,
                "origin fetches live " + originRequests + " vs simulated " + simulatedFetches);
    }
}
