package dev.popnet.simulator;

import static dev.popnet.simulator.Scenarios.basic;
import static dev.popnet.simulator.Scenarios.geo;
import static dev.popnet.simulator.Scenarios.link;
import static dev.popnet.simulator.Scenarios.regions;
import static dev.popnet.simulator.Scenarios.twoPops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.routing.Strategy;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.ReportFormat;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.AutoscaleSpec;
import dev.popnet.simulator.scenario.EventSpec;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.RoutingSpec;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.WorkloadSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private static RunResult run(Scenario s) {
        return Simulation.run(s, null, ProgressListener.NONE);
    }

    private static PopResult pop(RunResult r, String name) {
        return r.pops().stream().filter(p -> p.pop().equals(name)).findFirst().orElseThrow();
    }

    private static String json(RunResult r) {
        // wall-clock fields differ run to run; everything else must not
        return ReportFormat.JSON.render(new RunResult(r.scenario(), r.source(), r.seed(), r.policies(), r.routing(), r.requests(),
                r.measuredRequests(), r.virtualSeconds(), 0, 0, r.total(), r.pops(), r.classes(), r.originUtilisation(), r.series(), r.latencyCdf(),
                r.latencyCdfPerPop(), r.timeline(), r.places(), r.components()));
    }

    @Test
    void sameSeedSameResultsDifferentSeedDifferentResults() {
        Scenario s = basic(200_000, 10_000, 500);
        assertEquals(json(run(s)), json(run(s)));
        assertNotEquals(json(run(s)), json(run(s.withSeed(8))));
    }

    @Test
    void cacheLargerThanCatalogueFetchesEachObjectOncePerPop() {
        // 1,000 objects, each edge holds 10,000: after warm-up nothing is evicted, so every measured
        // origin fetch is a first request of that object at that PoP; the total over the whole run is
        // at most 2 PoPs x 1,000 objects.
        Scenario s = basic(100_000, 1_000, 10_000).withCaches(null, 10_000L);
        RunResult r = run(s);
        long fetches = r.total().originFetches();
        assertTrue(fetches <= 2_000, "fetches " + fetches);
        assertTrue(r.total().hitRatio() > 0.97, "hit ratio " + r.total().hitRatio());
        assertEquals(0, r.total().errors());
        assertEquals(1.0, r.total().routingAccuracy(), 1e-9);
    }

    @Test
    void resolverMismatchWithoutEcsSendsClientsToTheWrongPop() {
        // 40% of Paris clients use a resolver in Boston: without ECS, geo DNS sends them to New York.
        Scenario withEcs = twoPops(100_000, WorkloadSpec.zipf(1000, 0.8, 1000), 500, geo(true), regions(0.4), List.of(), AutoscaleSpec.off());
        Scenario noEcs = twoPops(100_000, WorkloadSpec.zipf(1000, 0.8, 1000), 500, geo(false), regions(0.4), List.of(), AutoscaleSpec.off());
        assertEquals(1.0, run(withEcs).total().routingAccuracy(), 1e-9);
        double accuracy = run(noEcs).total().routingAccuracy();
        assertEquals(0.8, accuracy, 0.02, "half the requests are from Paris, 40% of those misrouted");
        assertTrue(pop(run(noEcs), "nyc").p50Ms() > 0);
    }

    @Test
    void anycastCatchmentCanDifferFromGeography() {
        // The graph gives Paris a cheap path to New York (say, a transit deal) and an expensive one to London.
        RoutingSpec anycast = new RoutingSpec(Strategy.ANYCAST, false, Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of(),
                List.of(link("eu", "nyc", 1), link("eu", "lon", 5), link("us", "nyc", 1)));
        RunResult r = run(twoPops(50_000, WorkloadSpec.zipf(1000, 0.8, 1000), 500, anycast, regions(0), List.of(), AutoscaleSpec.off()));
        assertEquals(0, pop(r, "lon").requests(), "no client is in London's catchment");
        assertEquals(0.5, r.total().routingAccuracy(), 0.02, "Paris clients ride to New York");
        RunResult geo = run(basic(50_000, 1000, 500));
        assertTrue(pop(geo, "lon").requests() > 20_000);
    }

    @Test
    void popOutageFailsOverAfterHealthDetection() {
        // 1,000 req/s; lon down from 20 s to 40 s. Health checks need 10 s, the DNS TTL is 30 s, so Paris
        // clients fail for a while, then land in New York; after recovery they come back.
        List<EventSpec> outage = List.of(new EventSpec(EventSpec.Type.POP_OUTAGE, "lon", Duration.ofSeconds(20), Duration.ofSeconds(20)));
        RunResult r = run(twoPops(100_000, WorkloadSpec.zipf(1000, 0.8, 1000), 500, geo(true), regions(0), outage, AutoscaleSpec.off()));
        long errors = pop(r, "lon").errors();
        assertTrue(errors > 1_000 && errors < 20_000, "errors at lon while DNS still points there: " + errors);
        assertTrue(r.timeline().stream().anyMatch(e -> e.what().contains("health checks mark lon unhealthy") && e.timeSeconds() == 30.0), r.timeline().toString());
        assertTrue(pop(r, "nyc").requests() > 50_000, "New York took Paris's traffic during the outage");
        assertTrue(r.series().stream().anyMatch(p -> p.requestsPerPop().get("lon") == 0), "a slice with no traffic to lon");
        assertTrue(r.series().get(r.series().size() - 1).requestsPerPop().get("lon") > 0, "traffic back at the end");
    }

    @Test
    void tieredFillReducesOriginFetches() {
        // Both PoPs fill through a shield PoP in Ashburn big enough for the whole catalogue: the origin
        // then sees each object about once, instead of once per PoP per eviction.
        WorkloadSpec w = WorkloadSpec.zipf(20_000, 0.8, 1000);
        Scenario flat = twoPops(200_000, w, 2_000, geo(true), regions(0), List.of(), AutoscaleSpec.off());
        List<PopSpec> tiered = List.of(new PopSpec("lon", Scenarios.LONDON, 2, 2_000, "lru", "ash", 1),
                new PopSpec("nyc", Scenarios.NEW_YORK, 2, 2_000, "lru", "ash", 1),
                new PopSpec("ash", Scenarios.ASHBURN, 1, 20_000, "lru", null, 1));
        Scenario shielded = new Scenario("tiered", 7, 200_000, null, 0.1, CapacityMode.OBJECTS, geo(true), flat.network(), flat.origin(),
                tiered, flat.regions(), w, List.of(), AutoscaleSpec.off(), 20, null);
        RunResult before = run(flat);
        RunResult after = run(shielded);
        assertTrue(after.total().originFetches() < before.total().originFetches() / 4,
                "origin fetches " + before.total().originFetches() + " -> " + after.total().originFetches());
        assertEquals(0, pop(after, "ash").requests(), "the shield serves no clients, only its children");
        assertEquals(before.total().hitRatio(), after.total().hitRatio(), 0.01, "edge hit ratio is the edges' business");
        assertTrue(after.total().originOffload() > before.total().originOffload());
    }

    @Test
    void durationStopsTheRunInVirtualTime() {
        Scenario base = basic(1000, 1000, 500);
        Scenario timed = new Scenario("timed", 7, 0, Duration.ofSeconds(30), 0.1, base.capacityMode(), base.routing(), base.network(),
                base.origin(), base.pops(), base.regions(), base.workload(), List.of(), AutoscaleSpec.off(), 20, null);
        RunResult r = run(timed);
        // requests stop at 30 s; the last answers still in flight take a moment more
        assertTrue(r.virtualSeconds() <= 31 && r.virtualSeconds() > 29, "virtual time " + r.virtualSeconds());
        assertEquals(30_000, r.requests(), 600, "about 1,000 req/s for 30 s");
    }

    @Test
    void htmlReportIsSelfContained() {
        String html = ReportFormat.HTML.render(run(basic(20_000, 1000, 500)));
        assertTrue(html.contains("<svg") && html.contains("Latency CDF per PoP") && html.contains("Over time"));
        assertTrue(!html.matches("(?s).*(src|href)\\s*=\\s*['\"]?https?://.*"), "nothing loaded from the network");
    }
}
