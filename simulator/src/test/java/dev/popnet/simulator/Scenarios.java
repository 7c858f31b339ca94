package dev.popnet.simulator;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.core.routing.GeoPoint;
import dev.popnet.core.routing.Strategy;
import dev.popnet.simulator.scenario.AutoscaleSpec;
import dev.popnet.simulator.scenario.EdgeSpec;
import dev.popnet.simulator.scenario.EventSpec;
import dev.popnet.simulator.scenario.NetworkSpec;
import dev.popnet.simulator.scenario.OriginSpec;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.RegionSpec;
import dev.popnet.simulator.scenario.RoutingSpec;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.ContentClass;
import dev.popnet.simulator.workload.SizeDistribution;
import dev.popnet.simulator.workload.WorkloadSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small scenarios for tests: two PoPs (London, New York), clients in Paris and Boston. */
public final class Scenarios {
    static final GeoPoint LONDON = new GeoPoint(51.51, -0.13);
    static final GeoPoint NEW_YORK = new GeoPoint(40.71, -74.01);
    static final GeoPoint PARIS = new GeoPoint(48.86, 2.35);
    static final GeoPoint BOSTON = new GeoPoint(42.36, -71.06);
    static final GeoPoint ASHBURN = new GeoPoint(39.04, -77.49);

    private Scenarios() {
    }

    static RoutingSpec geo(boolean ecs) {
        return new RoutingSpec(Strategy.NEAREST, ecs, Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of(), List.of());
    }

    static List<PopSpec> pops(long capacity, String policy) {
        return List.of(new PopSpec("lon", LONDON, 2, capacity, policy, null, 1),
                new PopSpec("nyc", NEW_YORK, 2, capacity, policy, null, 1));
    }

    static List<RegionSpec> regions(double publicResolverShare) {
        return List.of(new RegionSpec("eu", PARIS, 0.5, publicResolverShare, publicResolverShare > 0 ? BOSTON : null),
                new RegionSpec("us", BOSTON, 0.5, 0, null));
    }

    static Scenario twoPops(long requests, WorkloadSpec workload, long capacity, RoutingSpec routing, List<RegionSpec> regions,
            List<EventSpec> events, AutoscaleSpec autoscale) {
        return new Scenario("test", 7, requests, null, 0.1, CapacityMode.OBJECTS, routing, NetworkSpec.defaults(),
                new OriginSpec(ASHBURN, Duration.ofMillis(20)), pops(capacity, "lru"), regions, workload, events, autoscale, 20, null);
    }

    public static Scenario basic(long requests, long objects, long capacity) {
        return twoPops(requests, WorkloadSpec.zipf(objects, 0.8, 1000), capacity, geo(true), regions(0), List.of(), AutoscaleSpec.off());
    }

    /**
     * One PoP in London with {@code edges} edges (bytes mode, 64 MiB each), clients in Paris, the origin
     * in Ashburn, requests for {@code duration} of virtual time.
     */
    static Scenario onePop(Duration duration, int edges, WorkloadSpec workload, EdgeSpec edge, OriginSpec origin, List<EventSpec> events,
            AutoscaleSpec autoscale) {
        return new Scenario("one-pop", 3, 0, duration, 0, CapacityMode.BYTES, geo(true), NetworkSpec.defaults(), origin,
                List.of(new PopSpec("lon", LONDON, edges, 64L << 20, "lru", null, 1)), List.of(new RegionSpec("eu", PARIS, 1, 0, null)),
                workload, events, autoscale, 40, edge);
    }

    /** A workload of {@code rate} req/s over content classes. */
    static WorkloadSpec classes(double rate, List<dev.popnet.simulator.workload.FlashCrowd> crowds, ContentClass... classes) {
        return new WorkloadSpec(0, 0, null, rate, null, crowds, null, List.of(classes));
    }

    static ContentClass content(String name, long objects, String cacheControl, Duration changeInterval) {
        return new ContentClass(name, 1, objects, 0.9, new SizeDistribution.Fixed(10_000), cacheControl, null, changeInterval);
    }

    static AnycastGraph.Link link(String a, String b, double cost) {
        return new AnycastGraph.Link(a, b, cost);
    }
}
