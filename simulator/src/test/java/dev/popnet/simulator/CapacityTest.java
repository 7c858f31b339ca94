package dev.popnet.simulator;

import static dev.popnet.simulator.Scenarios.classes;
import static dev.popnet.simulator.Scenarios.content;
import static dev.popnet.simulator.Scenarios.onePop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.report.TimelineEvent;
import dev.popnet.simulator.scenario.AutoscaleSpec;
import dev.popnet.simulator.scenario.EdgeSpec;
import dev.popnet.simulator.scenario.OriginSpec;
import dev.popnet.simulator.workload.FlashCrowd;
import dev.popnet.simulator.workload.WorkloadSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finite edges and origin: requests queue, and latency, utilisation, drops and autoscaling come out of the queues. */
class CapacityTest {
    /** One core per edge at 1 ms a request (bytes cost nothing): an edge serves at most 1,000 req/s. */
    private static final EdgeSpec ONE_MS = new EdgeSpec(1, Duration.ofMillis(1), Duration.ZERO, Duration.ofSeconds(2), null, null, 0);
    private static final OriginSpec ORIGIN = new OriginSpec(Scenarios.ASHBURN, Duration.ofMillis(20));

    private static RunResult run(int edges, WorkloadSpec w, EdgeSpec edge, OriginSpec origin, AutoscaleSpec scale, Duration duration) {
        return Simulation.run(onePop(duration, edges, w, edge, origin, List.of(), scale), null, ProgressListener.NONE);
    }

    @Test
    void moreEdgesAtSaturationLowerQueueingLatency() {
        WorkloadSpec w = classes(950, List.of(), content("a", 1000, "public, max-age=86400", null));
        PopResult one = run(1, w, ONE_MS, ORIGIN, AutoscaleSpec.off(), Duration.ofSeconds(60)).total();
        PopResult two = run(2, w, ONE_MS, ORIGIN, AutoscaleSpec.off(), Duration.ofSeconds(60)).total();
        PopResult four = run(4, w, ONE_MS, ORIGIN, AutoscaleSpec.off(), Duration.ofSeconds(60)).total();
        assertEquals(0.95, one.utilisation(), 0.03, "950 req/s of 1 ms on one core");
        assertEquals(0.475, two.utilisation(), 0.03);
        // M/D/1 at 95%: a mean wait near 10 ms, a tail of tens of ms; at 48% well under a millisecond.
        // (p99 is the first fills from the origin; p95 is hits, all queueing)
        assertTrue(one.p50Ms() > two.p50Ms() + 2 && one.p95Ms() > two.p95Ms() + 10,
                "one edge p50/p95 " + one.p50Ms() + "/" + one.p95Ms() + " ms, two edges " + two.p50Ms() + "/" + two.p95Ms());
        assertTrue(two.p95Ms() >= four.p95Ms(), "two edges " + two.p95Ms() + " ms, four " + four.p95Ms());
        assertEquals(one.hitRatio(), two.hitRatio(), 0.03, "queueing changes latency, not what is cached");
    }

    @Test
    void aFullQueueRefusesRequests() {
        WorkloadSpec w = classes(1500, List.of(), content("a", 1000, "public, max-age=86400", null));
        PopResult r = run(1, w, ONE_MS, ORIGIN, AutoscaleSpec.off(), Duration.ofSeconds(30)).total();
        assertTrue(r.dropped() > 10_000, "1,500 req/s on a 1,000 req/s edge: a third refused once the queue holds 2 s: " + r.dropped());
        assertTrue(r.p99Ms() > 1900, "the others waited up to 2 s: " + r.p99Ms());
    }

    @Test
    void aSaturatedOriginQueuesFetchesAndTimesThemOut() {
        WorkloadSpec dynamic = classes(100, List.of(), content("api", 1000, "no-store", null));
        OriginSpec narrow = new OriginSpec(Scenarios.ASHBURN, Duration.ofMillis(50), 2, Duration.ofSeconds(2), 0);
        RunResult r = run(2, dynamic, EdgeSpec.defaults(), narrow, AutoscaleSpec.off(), Duration.ofSeconds(30));
        assertTrue(r.originUtilisation() > 0.9, "100 fetches/s on 2 slots of 50 ms (40/s): " + r.originUtilisation());
        assertTrue(r.total().timeouts() > 500, "fetches waiting past 2 s time out: " + r.total().timeouts());
        OriginSpec wide = new OriginSpec(Scenarios.ASHBURN, Duration.ofMillis(50), 64, Duration.ofSeconds(2), 0);
        RunResult ok = run(2, dynamic, EdgeSpec.defaults(), wide, AutoscaleSpec.off(), Duration.ofSeconds(30));
        assertEquals(0, ok.total().errors());
        assertTrue(ok.total().p99Ms() < 200, "no queue: RTTs and 50 ms: " + ok.total().p99Ms());
    }

    @Test
    void theAutoscalerFollowsTheMarksWithItsWindows() {
        // 600 req/s on two edges of 1,000 req/s: 30%, between the marks. A crowd from 60 s to 180 s brings
        // 2,400 req/s: 120% of two edges, 80% of three, 48% of five; after it, 600 req/s on five is 12%.
        WorkloadSpec w = classes(600, List.of(new FlashCrowd(Duration.ofSeconds(60), Duration.ofSeconds(120), 4, 100)),
                content("a", 1000, "public, max-age=86400", null));
        AutoscaleSpec scale = new AutoscaleSpec(true, Duration.ofSeconds(10), 0.6, 0.2, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 0.5, 0.25, 1, 5);
        RunResult r = run(2, w, ONE_MS, ORIGIN, scale, Duration.ofSeconds(300));
        List<TimelineEvent> changes = r.timeline().stream().filter(e -> e.kind().equals("autoscale")).toList();
        assertTrue(changes.size() >= 3, changes.toString());
        // up: the samples at 70, 80 and 90 s are the first full window above 60%
        assertEquals(90, changes.get(0).timeSeconds(), 0.001, changes.toString());
        assertTrue(changes.get(0).what().endsWith("2 -> 3 edges"), changes.get(0).what());
        // cooldown 30 s and a new window: 100, 110, 120 s; +50% of 3 is 2 more, up to the max of 5
        assertEquals(120, changes.get(1).timeSeconds(), 0.001, changes.toString());
        assertTrue(changes.get(1).what().endsWith("3 -> 5 edges"), changes.get(1).what());
        // down: the crowd ends at 180 s; six samples (190..240 s) below 20% make the 60 s window; 25% of 5 is 1
        assertEquals(240, changes.get(2).timeSeconds(), 0.001, changes.toString());
        assertTrue(changes.get(2).what().endsWith("5 -> 4 edges"), changes.get(2).what());
        for (int i = 1; i < changes.size(); i++) {
            assertTrue(changes.get(i).timeSeconds() - changes.get(i - 1).timeSeconds() >= 30, "cooldown: " + changes);
        }
        assertTrue(r.series().stream().allMatch(p -> p.edgesPerPop().get("lon") >= 1 && p.edgesPerPop().get("lon") <= 5));
        assertTrue(r.series().stream().anyMatch(p -> p.edgesPerPop().get("lon") == 5 && p.utilisationPerPop().get("lon") > 0.4
                && p.utilisationPerPop().get("lon") < 0.6), "five edges carry the crowd at about 48%");
    }
}
