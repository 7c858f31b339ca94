package dev.popnet.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    static final GeoPoint LONDON = new GeoPoint(51.5074, -0.1278);
    static final GeoPoint PARIS = new GeoPoint(48.8566, 2.3522);
    static final GeoPoint FRANKFURT = new GeoPoint(50.1109, 8.6821);
    static final GeoPoint NEW_YORK = new GeoPoint(40.7128, -74.0060);
    static final GeoPoint SINGAPORE = new GeoPoint(1.3521, 103.8198);
    static final List<PopSite> POPS = List.of(
            new PopSite("lon", LONDON, List.of("192.0.2.1"), 1),
            new PopSite("fra", FRANKFURT, List.of("192.0.2.2"), 1),
            new PopSite("nyc", NEW_YORK, List.of("192.0.2.3"), 1),
            new PopSite("sin", SINGAPORE, List.of("192.0.2.4"), 1));

    @Test
    void greatCircleDistancesMatchPublishedFigures() {
        assertEquals(344, PARIS.distanceKm(LONDON), 3);
        assertEquals(479, PARIS.distanceKm(FRANKFURT), 3);
        assertEquals(5570, LONDON.distanceKm(NEW_YORK), 15);
        assertEquals(0, LONDON.distanceKm(LONDON), 1e-9);
    }

    private static List<String> names(List<Candidate> ranked) {
        return ranked.stream().map(c -> c.pop().name()).toList();
    }

    @Test
    void nearestRanksByDistanceAndFailsOver() {
        Router router = new Router(POPS, Strategy.NEAREST, LatencyModel.defaults(), null, null);
        assertEquals(List.of("lon", "fra", "nyc", "sin"), names(router.rank("eu", PARIS, HealthView.ALL_HEALTHY, 1)));
        assertEquals("nyc", names(router.rank("us", new GeoPoint(42.36, -71.06), HealthView.ALL_HEALTHY, 1)).get(0));
        assertEquals("sin", names(router.rank("ap", new GeoPoint(-6.2, 106.8), HealthView.ALL_HEALTHY, 1)).get(0));
        List<String> lonDown = names(router.rank("eu", PARIS, pop -> !pop.equals("lon"), 1));
        assertEquals(List.of("fra", "nyc", "sin"), lonDown, "an unhealthy PoP is never answered");
        assertEquals("lon", names(router.rank("eu", PARIS, pop -> false, 1)).get(0), "all down: nearest anyway");
    }

    @Test
    void latencyMatrixOverridesTheModel() {
        Map<String, Map<String, Double>> matrix = Map.of("eu", Map.of("lon", 40.0, "fra", 12.0));
        Router router = new Router(POPS, Strategy.LOWEST_LATENCY, LatencyModel.defaults(), matrix, null);
        assertEquals(List.of("fra", "lon"), names(router.rank("eu", PARIS, HealthView.ALL_HEALTHY, 1)).subList(0, 2));
        // Without a row, the model: 2 ms + km/100.
        assertEquals(2 + PARIS.distanceKm(LONDON) / 100, router.latencyMs("other", PARIS, POPS.get(0)), 1e-9);
    }

    @Test
    void anycastFollowsPathCostNotDistance() {
        AnycastGraph graph = new AnycastGraph(List.of(
                new AnycastGraph.Link("eu", "ix-fra", 1), new AnycastGraph.Link("ix-fra", "fra", 1),
                new AnycastGraph.Link("eu", "lon", 5), new AnycastGraph.Link("ix-fra", "nyc", 3)));
        Router anycast = new Router(POPS, Strategy.ANYCAST, LatencyModel.defaults(), null, graph);
        Router geo = new Router(POPS, Strategy.NEAREST, LatencyModel.defaults(), null, null);
        assertEquals(List.of("fra", "nyc", "lon"), names(anycast.rank("eu", PARIS, HealthView.ALL_HEALTHY, 1)),
                "sin is unreachable in the graph; fra wins at cost 2, nyc 4, lon 5");
        assertEquals("lon", names(geo.rank("eu", PARIS, HealthView.ALL_HEALTHY, 1)).get(0));
        assertEquals("nyc", names(anycast.rank("eu", PARIS, pop -> !pop.equals("fra"), 1)).get(0), "catchment moves on withdrawal");
    }

    @Test
    void equalPopsShareClientsByWeight() {
        List<PopSite> twins = List.of(new PopSite("a", LONDON, List.of(), 3), new PopSite("b", LONDON, List.of(), 1));
        Router router = new Router(twins, Strategy.NEAREST, LatencyModel.defaults(), null, null);
        int a = 0;
        for (long client = 0; client < 20_000; client++) {
            a += router.rank(null, PARIS, HealthView.ALL_HEALTHY, client).get(0).pop().name().equals("a") ? 1 : 0;
        }
        assertEquals(0.75, a / 20_000.0, 0.02);
        assertEquals(names(router.rank(null, PARIS, HealthView.ALL_HEALTHY, 7)), names(router.rank(null, PARIS, HealthView.ALL_HEALTHY, 7)),
                "the same client always gets the same answer");
    }

    @Test
    void rendezvousMovesOnlyTheLeavingMembersKeys() {
        List<String> three = List.of("e1", "e2", "e3");
        List<String> two = List.of("e1", "e3");
        int moved = 0;
        List<Long> ofE2 = new ArrayList<>();
        for (long key = 0; key < 30_000; key++) {
            String before = RendezvousHash.owner(key, three);
            String after = RendezvousHash.owner(key, two);
            if (!before.equals(after)) {
                moved++;
                assertEquals("e2", before, "only e2's keys move");
            }
            if (before.equals("e2")) {
                ofE2.add(key);
            }
        }
        assertEquals(ofE2.size(), moved);
        assertEquals(10_000, moved, 400);
    }
}
