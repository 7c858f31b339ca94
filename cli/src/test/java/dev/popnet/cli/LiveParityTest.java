package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** popnet live and popnet simulate on the same scenario and seed: same per-PoP split, hit ratios within 1 point. */
class LiveParityTest {
    @Test
    void liveAgreesWithSimulation() throws Exception {
        Path file = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "parity.yaml");
        Scenario scenario = Scenario.load(file).withRequests(10_000);
        RunResult simulated = Simulation.run(scenario, file.getParent(), ProgressListener.NONE);
        RunResult live = LiveCommand.run(scenario, file.getParent(), ProgressListener.NONE);
        assertEquals("live", live.source());
        assertEquals(simulated.total().requests(), live.total().requests());
        assertEquals(0, live.total().errors());
        for (int i = 0; i < simulated.pops().size(); i++) {
            PopResult s = simulated.pops().get(i);
            PopResult l = live.pops().get(i);
            assertEquals(s.requests(), l.requests(), s.pop() + " gets the same requests live (DNS answers agree with the shared router)");
            assertEquals(s.hitRatio(), l.hitRatio(), 0.01, s.pop() + " hit ratio live vs simulated");
        }
        assertEquals(simulated.total().hitRatio(), live.total().hitRatio(), 0.01);
    }
}
