package dev.popnet.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.routing.LatencyModel;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.ComponentStats;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * popnet live and popnet simulate on the same scenario and seed: the same per-PoP split, hit ratios
 * within 1 point, origin fetches that agree when counted at the real origin, and latencies that carry
 * the injected network delay. Every server is its own process; each PoP is a Hazelcast cluster.
 */
class LiveParityTest {
    /**
     * parity-ttl.yaml's origin works on four requests at once for 40 ms each, so it answers at most 100 a
     * second; about two thirds of the clients' requests reach it. At 50 requests/s it is a third busy.
     */
    private static final int LOW_RATE = 50;
    /** About three quarters busy: its queue sets the tail, live and simulated. */
    private static final int NEAR_SATURATION_RATE = 120;

    @Test
    void liveAgreesWithSimulation(@TempDir Path out) throws Exception {
        Path file = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "parity.yaml");
        Scenario scenario = Scenario.load(file).withRequests(10_000).withWarmupFraction(0);
        RunResult simulated = Simulation.run(scenario, file.getParent(), ProgressListener.NONE);
        RunResult live = LiveRun.run(scenario, file.getParent(), new LiveRun.Settings(out.resolve("run"), 1, 512, null));

        assertEquals("live", live.source());
        assertEquals(0, live.total().errors());
        LatencyModel latency = scenario.network().latencyModel();
        for (int i = 0; i < simulated.pops().size(); i++) {
            PopResult s = simulated.pops().get(i);
            PopResult l = live.pops().get(i);
            assertEquals(s.requests(), l.requests(), s.pop() + " gets the same requests live (DNS answers agree with the shared router)");
            assertEquals(s.hitRatio(), l.hitRatio(), 0.01, s.pop() + " hit ratio live vs simulated");
            // Clients of region i are sent to PoP i; a miss crosses the delayed path to the origin.
            double clientRtt = latency.rttMs(scenario.regions().get(i).location(), scenario.pops().get(i).location());
            double originRtt = latency.rttMs(scenario.pops().get(i).location(), scenario.origin().location());
            assertTrue(l.p50Ms() >= clientRtt, s.pop() + " p50 " + l.p50Ms() + " ms carries the client's " + clientRtt + " ms round trip");
            assertTrue(l.p99Ms() >= clientRtt + originRtt, s.pop() + " p99 " + l.p99Ms() + " ms carries a miss's path to the origin");
        }

        List<ComponentStats> components = live.components();
        assertEquals(List.of("origin", "edge", "edge", "pop", "edge", "edge", "pop", "dns"), components.stream().map(ComponentStats::kind).toList());
        components.forEach(c -> assertNull(c.error(), c.name() + " stats: " + c.error()));
        long originRequests = objectRequests(components.get(0));
        assertEquals(live.total().originFetches(), originRequests, 0.01 * originRequests, "misses the edges reported vs requests the origin saw");
        long simulatedFetches = simulated.total().originFetches();
        assertTrue(Math.abs(originRequests - simulatedFetches) <= simulatedFetches * 0.03,
                "origin fetches live " + originRequests + " vs simulated " + simulatedFetches);
        long dnsQueries = components.get(7).stats().path("queries_by_type").path("A").asLong();
        assertTrue(dnsQueries >= 2, "each region's resolver asked the DNS router: " + components.get(7).stats());
    }

    /**
     * parity-ttl.yaml (TTLs that expire during the run, objects that change, a no-store class) live and
     * simulated, at a rate well below what its origin sustains and at one near it: origin requests
     * (revalidations and refreshes, 304s included) within 3%, hit ratio within 1 point, p50 and p99
     * within 15%; near saturation the origin's queue shows in both, their p99 well above that of the
     * same run with an origin that never queues.
     */
    @ParameterizedTest(name = "{0} requests/s")
    @ValueSource(ints = {LOW_RATE, NEAR_SATURATION_RATE})
    void ttlScenarioLiveAgreesWithSimulation(int rate, @TempDir Path out) throws Exception {
        Path parityTtl = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "parity-ttl.yaml");
        Path file = out.resolve("parity-ttl-" + rate + ".yaml");
        String yaml = Files.readString(parityTtl).replace("  rate: 1000\n", "  rate: " + rate + "\n");
        Files.writeString(file, yaml);
        Scenario scenario = Scenario.load(file).withRequests(rate * 40L).withWarmupFraction(0); // two of news' change intervals
        assertEquals(rate, scenario.workload().rate(), 0.0);
        TtlParity p = TtlParity.run(scenario, file.getParent(), out.resolve("run"));
        System.err.println(rate + " requests/s: " + p);
        assertEquals(0, p.live.total().errors(), p.toString());
        assertTrue(p.simulated.total().revalidationsUnchanged() > 30, "TTLs expire during the run and 304s answer: " + p);
        assertTrue(Math.abs(p.liveOriginRequests - p.simOriginRequests) <= 0.03 * p.simOriginRequests, "origin requests: " + p);
        // The 3% bound is on origin requests with their 304s counted in (the origin's own count of object
        // requests includes conditional ones); 304s alone are a few dozen (64 at 50/s), where two requests already make 3%.
        assertTrue(p.live304 > 30, "TTLs expire live too and the origin answers 304s: " + p);
        assertEquals(p.simulated.total().hitRatio(), p.live.total().hitRatio(), 0.01, "hit ratio: " + p);
        assertEquals(p.simulated.total().p50Ms(), p.live.total().p50Ms(), 0.15 * p.simulated.total().p50Ms(), "p50: " + p);
        assertEquals(p.simulated.total().p99Ms(), p.live.total().p99Ms(), 0.15 * p.simulated.total().p99Ms(), "p99: " + p);
        if (rate == NEAR_SATURATION_RATE) {
            Path unlimited = out.resolve("parity-ttl-unlimited.yaml");
            Files.writeString(unlimited, yaml.replace("processing: 40ms, concurrency: 4}", "processing: 40ms, concurrency: 512}"));
            RunResult unqueued = Simulation.run(Scenario.load(unlimited).withRequests(rate * 40L).withWarmupFraction(0), out,
                    ProgressListener.NONE);
            double p99 = unqueued.total().p99Ms();
            assertTrue(p.simulated.originUtilisation() > 0.6, "the origin is near saturation: " + p.simulated.originUtilisation());
            assertTrue(p.simulated.total().p99Ms() > 1.5 * p99 && p.live.total().p99Ms() > 1.5 * p99,
                    "the origin's queue shows, live and simulated: p99 without it " + p99 + " ms; " + p);
        }
    }

    /** Requests for objects the origin answered for the scenario: not its health checks, nor the servers' warm-up before it. */
    static long objectRequests(ComponentStats origin) {
        return sinceScenario(origin, "kind", "obj");
    }

    static long sinceScenario(ComponentStats origin, String group, String count) {
        assertEquals("origin", origin.kind());
        JsonNode stats = origin.stats();
        assertTrue(stats.has("before_scenario"), "the origin's counts from before the scenario: " + stats);
        return stats.path(group).path(count).asLong() - stats.path("before_scenario").path(group).path(count).asLong();
    }

    /** One scenario run both ways, with the origin's own counts for the live side. */
    record TtlParity(RunResult simulated, RunResult live, long simOriginRequests, long liveOriginRequests, long sim304, long live304) {
        static TtlParity run(Scenario scenario, Path baseDir, Path runDir) throws Exception {
            RunResult simulated = Simulation.run(scenario, baseDir, ProgressListener.NONE);
            RunResult live = LiveRun.run(scenario, baseDir, new LiveRun.Settings(runDir, 1, 512, null));
            ComponentStats origin = live.components().get(0);
            assertEquals("origin", origin.kind());
            return new TtlParity(simulated, live, simulated.total().originFetches(), objectRequests(origin),
                    simulated.total().revalidationsUnchanged(), sinceScenario(origin, "status", "304"));
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "origin requests live %d sim %d; 304 live %d sim %d; simulated origin utilisation %.2f; hit ratio live %.4f sim %.4f; "
                            + "p50 live %.1f sim %.1f ms; p99 live %.1f sim %.1f ms",
                    liveOriginRequests, simOriginRequests, live304, sim304, simulated.originUtilisation(), live.total().hitRatio(), simulated.total().hitRatio(),
                    live.total().p50Ms(), simulated.total().p50Ms(), live.total().p99Ms(), simulated.total().p99Ms());
        }
    }

    /**
     * A PoP outage played on the real servers: its edges are killed, its clients (whose resolvers keep
     * the cached answer) fail as the simulator says they do, and the edges come back, cold, and serve.
     */
    @Test
    void popOutageIsPlayedOnTheRealServers(@TempDir Path out) throws Exception {
        Path parity = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "parity.yaml");
        Path file = out.resolve("outage.yaml");
        Files.writeString(file, Files.readString(parity) + "events:\n  - {type: pop-outage, pop: lon, at: 5s, duration: 3s}\n");
        Scenario scenario = Scenario.load(file).withRequests(10_000).withWarmupFraction(0);
        RunResult simulated = Simulation.run(scenario, file.getParent(), ProgressListener.NONE);
        RunResult live = LiveRun.run(scenario, file.getParent(), new LiveRun.Settings(out.resolve("run"), 1, 512, null));

        PopResult simLon = simulated.pops().get(0);
        PopResult liveLon = live.pops().get(0);
        assertTrue(simLon.errors() > 1000, "the simulated outage fails lon's clients: " + simLon.errors());
        // Every request the simulator fails, fails live, but for those sent at the outage's edges: live, the
        // edges go down and come back on a real clock (timers late by up to tens of ms on a busy machine), and
        // a request reaches them half a round trip after it is sent. Live, the requests out when the edges
        // are killed fail too (the simulator's are over at that instant), and at most 512 are out.
        double lonPerSecond = simLon.requests() * scenario.workload().rate() / scenario.requests();
        double halfRttSeconds = scenario.network().latencyModel().rttMs(scenario.regions().get(0).location(),
                scenario.pops().get(0).location()) / 2000;
        long atTheEnd = (long) Math.ceil(lonPerSecond * (halfRttSeconds + 0.020));
        assertTrue(liveLon.errors() >= simLon.errors() - atTheEnd && liveLon.errors() <= simLon.errors() + 512,
                "lon's failed requests live " + liveLon.errors() + " vs simulated " + simLon.errors() + ", " + atTheEnd + " sent at the end");
        assertEquals(0, live.pops().get(1).errors(), "nyc is not touched");
        assertEquals(simulated.pops().get(1).hitRatio(), live.pops().get(1).hitRatio(), 0.01, "nyc hit ratio live vs simulated");
        assertTrue(live.timeline().stream().anyMatch(e -> e.what().equals("PoP lon back up (cold caches)")), live.timeline().toString());
        for (ComponentStats c : live.components().subList(1, 3)) {
            assertEquals("edge", c.kind());
            assertNull(c.error(), c.name() + " is running again: " + c.error());
            assertTrue(c.stats().path("requests").asLong() > 0, c.name() + " served after it came back: " + c.stats());
        }
    }
}
