package dev.popnet.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.ComponentStats;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.report.SeriesPoint;
import dev.popnet.simulator.report.TimelineEvent;
import dev.popnet.simulator.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * autoscale-live.yaml simulated and played live: the model scales lon 1 -> 2 -> 1 edges, and live a
 * second edge process starts, joins lon's cluster, is added to the DNS router through its admin API,
 * serves, then drains (the router stops answering it) and stops, at the same points of the scenario's
 * clock; edges over time and the hit ratio agree.
 */
class AutoscaleParityTest {
    private static final Pattern SCALED = Pattern.compile("(\\d+) -> (\\d+) edges");

    @Test
    void liveScalesAsTheModelDoes(@TempDir Path out) throws Exception {
        Path file = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "autoscale-live.yaml");
        Scenario scenario = Scenario.load(file);
        RunResult simulated = Simulation.run(scenario, file.getParent(), ProgressListener.NONE);
        List<TimelineEvent> modelSteps = decisions(simulated);
        assertEquals(List.of("1 -> 2", "2 -> 1"), modelSteps.stream().map(AutoscaleParityTest::change).toList(),
                "the model scales lon out for the crowd and back in after it: " + simulated.timeline());

        RunResult live = LiveRun.run(scenario, file.getParent(), new LiveRun.Settings(out.resolve("run"), 1, 512, System.err));
        assertEquals(modelSteps, decisions(live), "live replays each decision at its point of the scenario's clock");

        // Each step happened on the real network, in order, at the decision's time.
        List<String> out1 = steps(live, modelSteps.get(0).timeSeconds());
        assertTrue(out1.get(1).contains("lon-e2 started") && out1.get(1).contains("joined lon's cluster (2 members"), out1.toString());
        assertTrue(out1.get(2).contains("PUT /admin/pops/lon/edges: [127.0.1.1, 127.0.1.2]")
                && out1.get(2).contains("its answer to europe's clients lists 127.0.1.2"), out1.toString());
        List<String> in1 = steps(live, modelSteps.get(1).timeSeconds());
        Matcher served = Pattern.compile("lon-e2, having served (\\d+) requests, draining").matcher(in1.get(1));
        assertTrue(served.find() && Long.parseLong(served.group(1)) > 0, "the new edge got traffic: " + in1);
        assertTrue(in1.get(1).contains("the DNS router no longer answers it to europe's clients"), in1.toString());
        assertTrue(in1.get(2).contains("[127.0.1.1]") && in1.get(2).contains("lon's cluster has 1 member,"), in1.toString());

        // Edges over time: the same at every point of the series.
        assertEquals(edges(simulated), edges(live));
        assertTrue(edges(live).contains(2), "the series sees the second edge: " + edges(live));

        assertEquals(0, live.total().errors(), "no request failed across the steps");
        assertEquals(simulated.pops().get(0).requests(), live.pops().get(0).requests());
        assertEquals(simulated.pops().get(0).hitRatio(), live.pops().get(0).hitRatio(), 0.01, "lon hit ratio live vs simulated");
        List<ComponentStats> components = live.components();
        assertEquals(List.of("origin", "edge", "dns"), components.stream().map(ComponentStats::kind).toList(), "lon is back to one edge");
        components.forEach(c -> assertNull(c.error(), c.name() + " stats: " + c.error()));
        assertEquals(2, components.get(2).stats().path("topology_updates").asLong(), "the router was told twice: " + components.get(2).stats());
    }

    private static List<TimelineEvent> decisions(RunResult r) {
        return r.timeline().stream().filter(e -> e.kind().equals("autoscale") && !e.what().startsWith("live: ")).toList();
    }

    private static String change(TimelineEvent e) {
        Matcher m = SCALED.matcher(e.what());
        return m.find() ? m.group(1) + " -> " + m.group(2) : e.what();
    }

    /** What the live run did for the step at {@code t}: the live utilisation, each change, the clock's wait. */
    private static List<String> steps(RunResult live, double t) {
        List<String> steps = live.timeline().stream().filter(e -> e.timeSeconds() == t && e.what().startsWith("live: ")).map(TimelineEvent::what)
                .toList();
        assertEquals(4, steps.size(), "utilisation, two steps, the clock: " + steps);
        assertTrue(steps.get(0).contains("lon's edges used "), steps.toString());
        assertTrue(steps.get(3).contains("the scenario's clock waited"), steps.toString());
        return steps;
    }

    private static List<Integer> edges(RunResult r) {
        return r.series().stream().map(SeriesPoint::edgesPerPop).map(m -> m.get("lon")).toList();
    }
}
