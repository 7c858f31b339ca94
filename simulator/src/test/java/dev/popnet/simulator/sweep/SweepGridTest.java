package dev.popnet.simulator.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.routing.Strategy;
import dev.popnet.simulator.Scenarios;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.ContentClass;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepGridTest {
    private static final Path SCENARIOS = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios");

    private static Map<String, List<String>> axes(String... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String p : pairs) {
            m.put(p.substring(0, p.indexOf('=')), List.of(p.substring(p.indexOf('=') + 1).split(",")));
        }
        return m;
    }

    @Test
    void capacityVariesFastestThenPolicyThenAlphaThenTheOthersInTheOrderGiven() {
        SweepGrid grid = SweepGrid.of(Scenarios.basic(1000, 100, 10),
                axes("capacity=10,20", "ecs=on,off", "policy=lru,sieve", "edges=1,3", "alpha=0.7"));
        List<SweepGrid.Cell> cells = grid.cells();
        assertEquals(16, cells.size());
        assertEquals(List.of("ecs", "edges", "alpha", "policy", "capacity"), List.copyOf(cells.get(0).values().keySet()));
        assertEquals(Map.of("ecs", "on", "edges", "1", "alpha", "0.7", "policy", "lru", "capacity", "20"), cells.get(1).values());
        assertEquals(Map.of("ecs", "on", "edges", "1", "alpha", "0.7", "policy", "sieve", "capacity", "10"), cells.get(2).values());
        Scenario last = grid.scenario(cells.get(15));
        assertFalse(last.routing().ecs());
        assertTrue(last.pops().stream().allMatch(p -> p.edges() == 3 && p.capacity() == 20 && p.policy().equals("sieve")));
        assertEquals(0.7, last.workload().alpha());
        SweepGrid.Point point = grid.point(cells.get(15), null);
        assertEquals("sieve", point.policy());
        assertEquals(20, point.capacity());
    }

    @Test
    void ttlOfAContentClassReplacesItsMaxAgeAndLeavesTheOtherClassesAlone() {
        Scenario base = Scenario.load(SCENARIOS.resolve("ttl-and-load.yaml"));
        SweepGrid grid = SweepGrid.of(base, axes("ttl.video=60s,1h"));
        List<ContentClass> shortTtl = grid.scenario(grid.cells().get(0)).workload().classes();
        ContentClass video = shortTtl.stream().filter(c -> c.name().equals("video")).findFirst().orElseThrow();
        assertEquals("public, max-age=60", video.cacheControl(), "s-maxage would override the TTL at the edge, so it goes too");
        ContentClass hourVideo = grid.scenario(grid.cells().get(1)).workload().classes().stream().filter(c -> c.name().equals("video"))
                .findFirst().orElseThrow();
        assertEquals("public, max-age=3600", hourVideo.cacheControl());
        assertEquals(base.workload().classes().get(0), shortTtl.get(0), "img is not swept");
        assertEquals("public, stale-while-revalidate=30, stale-if-error=600, max-age=5",
                SweepAxis.withMaxAge("public, max-age=60, stale-while-revalidate=30, stale-if-error=600", 5));

        IllegalArgumentException dynamic = assertThrows(IllegalArgumentException.class, () -> SweepGrid.of(base, axes("ttl.api=60s")));
        assertTrue(dynamic.getMessage().contains("--sweep ttl.api=60s") && dynamic.getMessage().contains("never stored"), dynamic.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SweepGrid.of(base, axes("ttl.css=60s")));
        assertTrue(unknown.getMessage().contains("no content class 'css' (the scenario has img, news, api, video)"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SweepGrid.of(base, axes("ttl.img=soon")));
        assertTrue(bad.getMessage().contains("not a duration"), bad.getMessage());
    }

    @Test
    void popCountKeepsTheFirstPopsAndTheirEvents() {
        Scenario quickstart = Scenario.load(SCENARIOS.resolve("quickstart.yaml"));
        SweepGrid grid = SweepGrid.of(quickstart, axes("pops=1,3,6"));
        assertEquals(List.of("fra"), grid.scenario(grid.cells().get(0)).pops().stream().map(PopSpec::name).toList());
        assertEquals(List.of("fra", "lon", "nyc"), grid.scenario(grid.cells().get(1)).pops().stream().map(PopSpec::name).toList());
        assertEquals(quickstart, grid.scenario(grid.cells().get(2)), "all six PoPs is the scenario itself");
        assertEquals(1, grid.scenario(grid.cells().get(0)).events().size(), "the fra outage stays with fra");

        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> SweepGrid.of(quickstart, axes("pops=7")));
        assertTrue(tooMany.getMessage().contains("must be 1 to 6"), tooMany.getMessage());
        Scenario tiered = Scenario.load(SCENARIOS.resolve("tiered.yaml"));
        IllegalArgumentException orphan = assertThrows(IllegalArgumentException.class, () -> SweepGrid.of(tiered, axes("pops=1")));
        assertTrue(orphan.getMessage().contains("fra fills from iad, which is not among the first 1"), orphan.getMessage());
    }

    @Test
    void routingAndEcsAxesSetTheStrategyAndTheClientSubnet() {
        Scenario anycast = Scenario.load(SCENARIOS.resolve("anycast.yaml"));
        SweepGrid grid = SweepGrid.of(anycast, axes("routing=nearest,lowest-latency,anycast", "ecs=off"));
        assertEquals(List.of(Strategy.NEAREST, Strategy.LOWEST_LATENCY, Strategy.ANYCAST),
                grid.cells().stream().map(c -> grid.scenario(c).routing().strategy()).toList());
        assertTrue(grid.cells().stream().noneMatch(c -> grid.scenario(c).routing().ecs()));

        Scenario basic = Scenarios.basic(1000, 100, 10);
        IllegalArgumentException noGraph = assertThrows(IllegalArgumentException.class, () -> SweepGrid.of(basic, axes("routing=anycast")));
        assertTrue(noGraph.getMessage().contains("anycast routing needs the link graph"), noGraph.getMessage());
        IllegalArgumentException badEcs = assertThrows(IllegalArgumentException.class, () -> SweepGrid.of(basic, axes("ecs=maybe")));
        assertTrue(badEcs.getMessage().contains("ecs is on or off"), badEcs.getMessage());
        IllegalArgumentException axis = assertThrows(IllegalArgumentException.class, () -> SweepGrid.of(basic, axes("colour=red")));
        assertTrue(axis.getMessage().contains("unknown sweep axis 'colour'"), axis.getMessage());
    }

    @Test
    void aSweepReportsTheSameBytesOnOneThreadOrFourAndShowsTheExtraAxes() throws Exception {
        SweepGrid grid = SweepGrid.of(Scenarios.basic(3000, 500, 50), axes("edges=1,2", "policy=lru,s3fifo", "capacity=20,80"));
        List<SweepGrid.Point> one = Sweep.run(grid, null, 1, ProgressListener.NONE);
        List<SweepGrid.Point> four = Sweep.run(grid, null, 4, ProgressListener.NONE);
        assertEquals(SweepReport.csv(one), SweepReport.csv(four));
        assertEquals(SweepReport.table(one), SweepReport.table(four));
        String[] lines = SweepReport.table(one).split("\n");
        assertEquals(9, lines.length);
        assertTrue(lines[0].matches("policy\\s+capacity/edge\\s+alpha edges\\s+hit %.*"), lines[0]);
        assertTrue(lines[1].matches("lru\\s+20\\s+0\\.80 1\\s+\\d+\\.\\d\\d .*"), lines[1]);
        assertTrue(SweepReport.csv(one).startsWith("policy,capacity,alpha,edges,hit_ratio,"), SweepReport.csv(one));
        assertTrue(one.get(1).total().hitRatio() > one.get(0).total().hitRatio(), "four times the cache hits more");
        assertTrue(SweepReport.html("test", one).contains("alpha 0.80, edges 2"));
    }
}
