package dev.popnet.dns;

import dev.popnet.core.routing.GeoPoint;
import dev.popnet.core.routing.Strategy;
import dev.popnet.core.time.Ticker;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The DNS router's answer path without the sockets, as bench/dns-vs-gdnsd.sh queries it: an A query
 * for www.cdn.example. with an ECS option (10.3.0.0/24) or without one (a resolver at 127.0.0.1), read
 * by the wire reader and answered from the kept response ({@code kept}), or built by dnsjava
 * ({@code built}, the path of every unusual query).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DnsAnswerBenchmark {
    @Param({"ecs", "plain"})
    public String mode;

    private DnsRouting routing;
    private DnsAnswerer answerer;
    private final WireQuery query = new WireQuery();
    private final byte[] out = new byte[65535];
    private byte[] packet;
    private InetAddress resolver;

    @Setup
    public void setUp() throws Exception {
        DnsConfig c = new DnsConfig("127.0.0.1", 0, 0, "cdn.example.", List.of("www.cdn.example."), null, null, null, null, Strategy.NEAREST,
                List.of(new DnsConfig.Pop("lon", new GeoPoint(51.51, -0.13), List.of("192.0.2.1"), 1, List.of()),
                        new DnsConfig.Pop("nyc", new GeoPoint(40.71, -74.01), List.of("192.0.2.2"), 1, List.of()),
                        new DnsConfig.Pop("sin", new GeoPoint(1.35, 103.82), List.of("192.0.2.3"), 1, List.of())),
                List.of(new DnsConfig.Region("europe", new GeoPoint(48.86, 2.35), List.of("10.1.0.0/16")),
                        new DnsConfig.Region("us", new GeoPoint(42.36, -71.06), List.of("10.2.0.0/16", "127.0.0.0/8")),
                        new DnsConfig.Region("asia", new GeoPoint(-6.2, 106.8), List.of("10.3.0.0/16"))),
                "us", Map.of(), null, null, DnsConfig.Fallback.NEAREST, 1232);
        routing = new DnsRouting(c, Ticker.system());
        answerer = new DnsAnswerer(new DnsStats());
        resolver = InetAddress.getByName("127.0.0.1");
        org.xbill.DNS.Message m = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                org.xbill.DNS.Name.fromString("www.cdn.example."), org.xbill.DNS.Type.A, org.xbill.DNS.DClass.IN));
        List<org.xbill.DNS.EDNSOption> options = mode.equals("ecs")
                ? List.of(new org.xbill.DNS.ClientSubnetOption(24, InetAddress.getByName("10.3.0.0"))) : List.of();
        m.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, 0, options), org.xbill.DNS.Section.ADDITIONAL);
        packet = m.toWire();
        if (!query.parse(packet, packet.length) || built() == null || kept() < 0) {
            throw new IllegalStateException("the benchmark's query is not answered from a kept response");
        }
    }

    /**
     * The common query: read from the wire, answered by copying the kept response with this query's ID,
     * case and ECS address, and counted (with its time since arrival, as the server does).
     */
    @Benchmark
    public int kept() {
        long arrived = System.nanoTime();
        query.parse(packet, packet.length);
        return answerer.precomputed(packet, query, resolver, true, routing, RoutingView.ALL_UP, arrived, out);
    }

    /** The same query answered the long way: parsed and built with dnsjava. */
    @Benchmark
    public DnsAnswerer.Result built() {
        return answerer.answer(packet, query, resolver, true, routing, RoutingView.ALL_UP);
    }
}
