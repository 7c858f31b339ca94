package dev.popnet.benchmarks;

import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.core.routing.Candidate;
import dev.popnet.core.routing.CidrTable;
import dev.popnet.core.routing.GeoPoint;
import dev.popnet.core.routing.HealthView;
import dev.popnet.core.routing.LatencyModel;
import dev.popnet.core.routing.PopSite;
import dev.popnet.core.routing.Router;
import dev.popnet.core.routing.Strategy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The routing work behind one DNS answer, without the wire: longest-prefix match of the client subnet
 * over 10,000 networks, then ranking six PoPs by distance or by anycast path cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoutingBenchmark {
    private final List<PopSite> pops = List.of(
            new PopSite("lon", new GeoPoint(51.51, -0.13), List.of("192.0.2.1"), 1),
            new PopSite("fra", new GeoPoint(50.11, 8.68), List.of("192.0.2.2"), 1),
            new PopSite("nyc", new GeoPoint(40.71, -74.01), List.of("192.0.2.3"), 1),
            new PopSite("sfo", new GeoPoint(37.77, -122.42), List.of("192.0.2.4"), 1),
            new PopSite("sin", new GeoPoint(1.35, 103.82), List.of("192.0.2.5"), 1),
            new PopSite("syd", new GeoPoint(-33.87, 151.21), List.of("192.0.2.6"), 1));
    private final Router nearest = new Router(pops, Strategy.NEAREST, LatencyModel.defaults(), null, null);
    private final Router anycast = new Router(pops, Strategy.ANYCAST, LatencyModel.defaults(), null, new AnycastGraph(List.of(
            new AnycastGraph.Link("eu", "ix-ams", 1), new AnycastGraph.Link("ix-ams", "lon", 1), new AnycastGraph.Link("ix-ams", "fra", 2),
            new AnycastGraph.Link("ix-ams", "nyc", 4), new AnycastGraph.Link("nyc", "sfo", 3), new AnycastGraph.Link("sfo", "syd", 6),
            new AnycastGraph.Link("fra", "sin", 5), new AnycastGraph.Link("sin", "syd", 3))));
    private final CidrTable<String> networks = new CidrTable<>();
    private final byte[] client = {10, 77, 3, 0};
    private final GeoPoint paris = new GeoPoint(48.86, 2.35);
    private final HealthView lonDown = pop -> !pop.equals("lon");

    public RoutingBenchmark() {
        for (int i = 0; i < 10_000; i++) {
            networks.put("10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".0/24", "r" + i);
        }
    }

    @Benchmark
    public CidrTable.Match<String> cidrLookup() {
        return networks.lookup(client, 24);
    }

    @Benchmark
    public Candidate rankNearest() {
        return nearest.rank("eu", paris, HealthView.ALL_HEALTHY, 42).get(0);
    }

    @Benchmark
    public Candidate rankNearestWithFailover() {
        return nearest.rank("eu", paris, lonDown, 42).get(0);
    }

    @Benchmark
    public Candidate rankAnycast() {
        return anycast.rank("eu", paris, HealthView.ALL_HEALTHY, 42).get(0);
    }
}
