package dev.popnet.simulator;

import static dev.popnet.simulator.Scenarios.classes;
import static dev.popnet.simulator.Scenarios.content;
import static dev.popnet.simulator.Scenarios.onePop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.http.CacheStatus;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.RequestOutcome;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.scenario.AutoscaleSpec;
import dev.popnet.simulator.scenario.EdgeSpec;
import dev.popnet.simulator.scenario.EventSpec;
import dev.popnet.simulator.scenario.OriginSpec;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.ContentClass;
import dev.popnet.simulator.workload.FlashCrowd;
import dev.popnet.simulator.workload.Request;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests live through the edge's decision machine: freshness, revalidation, stale serving, pass-through, purge, coalescing. */
class LifecycleTest {
    private static final OriginSpec ORIGIN = new OriginSpec(Scenarios.ASHBURN, Duration.ofMillis(20));

    private static RunResult run(Scenario s) {
        return Simulation.run(s, null, ProgressListener.NONE);
    }

    private static Scenario of(double rate, Duration duration, List<EventSpec> events, ContentClass... classes) {
        return onePop(duration, 2, classes(rate, List.of(), classes), EdgeSpec.defaults(), ORIGIN, events, AutoscaleSpec.off());
    }

    @Test
    void revalidationsAnswer304UntilTheObjectChanges() {
        PopResult rarely = run(of(200, Duration.ofSeconds(120), List.of(), content("a", 100, "public, max-age=5", Duration.ofSeconds(60)))).total();
        assertTrue(rarely.revalidationsUnchanged() > 5 * rarely.revalidationsChanged() && rarely.revalidationsChanged() > 0,
                "a 5 s TTL on objects that change every minute: mostly 304s, " + rarely);
        assertTrue(rarely.originBytes() < rarely.originFetches() * 10_000L, "a 304 carries no body");
        PopResult often = run(of(200, Duration.ofSeconds(120), List.of(), content("a", 100, "public, max-age=5", Duration.ofSeconds(2)))).total();
        assertTrue(often.revalidationsChanged() > 5 * often.revalidationsUnchanged(), "objects that change every 2 s: mostly 200s, " + often);
        assertTrue(often.hitRatio() > 0.5, "fresh for 5 s between revalidations: " + often.hitRatio());
    }

    @Test
    void noStoreIsPassedThroughEveryTime() {
        PopResult r = run(of(100, Duration.ofSeconds(30), List.of(), content("api", 50, "private, no-store", null))).total();
        assertEquals(0, r.hitRatio());
        assertEquals(r.requests(), r.bypassed());
        assertEquals(r.requests(), r.originFetches());
    }

    @Test
    void staleWhileRevalidateNeverMakesAClientWait() {
        PopResult r = run(of(100, Duration.ofSeconds(60), List.of(), content("news", 10, "max-age=2, stale-while-revalidate=60", null))).total();
        assertTrue(r.stale() > 0 && r.revalidationsUnchanged() > 0, "stale answers and background 304s: " + r);
        assertEquals(0, r.revalidated(), "no client waited for a revalidation");
    }

    @Test
    void staleIfErrorCoversAnOriginOutage() {
        List<EventSpec> outage = List.of(new EventSpec(EventSpec.Type.ORIGIN_OUTAGE, null, Duration.ofSeconds(20), Duration.ofSeconds(20)));
        PopResult covered = run(of(100, Duration.ofSeconds(60), outage, content("a", 50, "max-age=1, stale-if-error=600", null))).total();
        PopResult bare = run(of(100, Duration.ofSeconds(60), outage, content("a", 50, "max-age=1", null))).total();
        assertTrue(bare.errors() > 1000, "without stale-if-error the outage fails requests: " + bare.errors());
        assertTrue(covered.errors() < bare.errors() / 10 && covered.stale() > 1000, "stale-if-error serves them stale: " + covered);
    }

    @Test
    void purgesRemoveWhatTheyName() {
        List<EventSpec> purges = List.of(new EventSpec(EventSpec.Type.PURGE, null, Duration.ofSeconds(10), null, null, "/news/", null),
                new EventSpec(EventSpec.Type.PURGE, null, Duration.ofSeconds(11), null, "/img/1", null, null),
                new EventSpec(EventSpec.Type.PURGE, null, Duration.ofSeconds(12), null, null, null, "img"));
        RunResult r = run(of(200, Duration.ofSeconds(20), purges, content("img", 30, "max-age=600", null), content("news", 30, "max-age=600", null)));
        List<String> lines = r.timeline().stream().filter(e -> e.kind().equals("purge")).map(e -> e.what()).toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("purge prefix /news/: [1-3][0-9] objects"), lines.get(0));
        assertEquals("purge url /img/1: 1 objects", lines.get(1));
        assertTrue(lines.get(2).matches("purge surrogate-key img: [1-3][0-9] objects"), lines.get(2));
    }

    @Test
    void aFlashCrowdWaitsForOneFetchPerObject() {
        OriginSpec slow = new OriginSpec(Scenarios.ASHBURN, Duration.ofMillis(500));
        List<FlashCrowd> crowd = List.of(new FlashCrowd(Duration.ofSeconds(5), Duration.ofSeconds(10), 20, 5));
        Scenario s = onePop(Duration.ofSeconds(20), 2, classes(100, crowd, content("a", 1000, "max-age=600", null)), EdgeSpec.defaults(), slow,
                List.of(), AutoscaleSpec.off());
        PopResult r = run(s).total();
        assertTrue(r.coalesced() > 200, "requests for the hot objects waited for the fetch in flight: " + r.coalesced());
    }

    @Test
    void aShieldAnswersItsChildrensRevalidationsOnceForAll() {
        Scenario flat = of(200, Duration.ofSeconds(60), List.of(), content("a", 200, "public, max-age=5", null));
        List<dev.popnet.simulator.scenario.PopSpec> tiered = List.of(
                new dev.popnet.simulator.scenario.PopSpec("lon", Scenarios.LONDON, 1, 64L << 20, "lru", "ash", 1),
                new dev.popnet.simulator.scenario.PopSpec("nyc", Scenarios.NEW_YORK, 1, 64L << 20, "lru", "ash", 1),
                new dev.popnet.simulator.scenario.PopSpec("ash", Scenarios.ASHBURN, 1, 64L << 20, "lru", null, 1));
        Scenario shielded = new Scenario("shielded", 3, 0, flat.duration(), 0, flat.capacityMode(), flat.routing(), flat.network(),
                flat.origin(), tiered, Scenarios.regions(0), flat.workload(), List.of(), AutoscaleSpec.off(), 20, flat.edge());
        RunResult r = run(shielded);
        PopResult ash = r.pops().get(2);
        long childRevalidations = r.pops().get(0).revalidated() + r.pops().get(1).revalidated();
        assertEquals(0, ash.requests(), "the shield serves no clients");
        assertEquals(0, r.pops().get(0).originFetches() + r.pops().get(1).originFetches(), "only the shield asks the origin");
        assertTrue(childRevalidations > 1000, "the children revalidate their expired copies with the shield: " + childRevalidations);
        // A child's copy carries the shield's age (RFC 9111 §4.2.3), so both expire together: the shield revalidates
        // with the origin once, and the other child's revalidation waits for it or finds it fresh.
        assertTrue(ash.fillHits() > 300, "fills the shield answered from its cache or its fetch in flight: " + ash);
        assertTrue(ash.revalidationsUnchanged() < childRevalidations * 0.8, "origin revalidations " + ash.revalidationsUnchanged()
                + " for " + childRevalidations + " at the children");
    }

    @Test
    void aGivenSequenceComesBackRequestByRequest() {
        Scenario s = of(1, Duration.ofSeconds(60), List.of(), content("a", 10, "public, max-age=5", null), content("d", 10, "no-store", null));
        long ms = 1_000_000;
        List<Request> requests = List.of(new Request(0, 1, 10_000, 0, -1), new Request(ms, 1, 10_000, 0, -1),
                new Request(1000 * ms, 1, 10_000, 0, -1), new Request(6000 * ms, 1, 10_000, 0, -1), new Request(6500 * ms, 1, 10_000, 0, -1),
                new Request(7000 * ms, 11, 10_000, 1, -1), new Request(8000 * ms, 2, 10_000, 0, -1), new Request(9000 * ms, 2, 10_000, 0, 0));
        List<CacheStatus> statuses = Simulation.outcomes(s, requests).stream().map(RequestOutcome::status).toList();
        assertEquals(List.of(CacheStatus.MISS, CacheStatus.COLLAPSED, CacheStatus.HIT, CacheStatus.REVALIDATED, CacheStatus.HIT,
                CacheStatus.BYPASS, CacheStatus.MISS, CacheStatus.HIT), statuses);
    }
}
