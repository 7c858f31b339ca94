package dev.popnet.cli;

import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.dns.DnsConfig;
import dev.popnet.dns.DnsServer;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.edge.cluster.ClusterConfig;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.RegionSpec;
import dev.popnet.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A scenario's CDN brought up for real on loopback: one origin, each PoP's edges on their own
 * 127.0.P.E address (PoP P, edge E), and the DNS router for {@code cdn.test.} steering clients by
 * the networks 10.R.0.0/16 given to region R (send ECS from there to play a client of that region).
 */
final class LocalNetwork {
    static final String ZONE = "cdn.test.";
    /** Hazelcast binds where an interface has the address (127.0.0.1), so each edge gets its own port. */
    private static int clusterPort(int pop, int edge) {
        return 15700 + pop * 16 + edge;
    }
    final OriginServer origin;
    final Map<String, List<EdgeServer>> edges;
    final DnsServer dns;

    private LocalNetwork(OriginServer origin, Map<String, List<EdgeServer>> edges, DnsServer dns) {
        this.origin = origin;
        this.edges = edges;
        this.dns = dns;
    }

    static LocalNetwork start(Vertx vertx, Scenario scenario, String purgeToken, int dnsPort) throws Exception {
        OriginServer origin = OriginServer.start(vertx, OriginConfig.defaults().withPort(0)).await(10, TimeUnit.SECONDS);
        Map<String, List<EdgeServer>> edges = new LinkedHashMap<>();
        List<PopSpec> ordered = new ArrayList<>(scenario.pops().stream().filter(p -> p.parent() == null).toList());
        ordered.addAll(scenario.pops().stream().filter(p -> p.parent() != null).toList()); // parents first
        for (PopSpec pop : ordered) {
            int p = scenario.pops().indexOf(pop) + 1;
            String upstream = pop.parent() == null ? "http://127.0.0.1:" + origin.port() : url(edges.get(pop.parent()).get(0));
            List<String> members = new ArrayList<>();
            for (int e = 1; e <= pop.edges(); e++) {
                members.add("127.0.0.1:" + clusterPort(p, e));
            }
            List<Future<EdgeServer>> starting = new ArrayList<>();
            for (int e = 1; e <= pop.edges(); e++) {
                EdgeConfig d = EdgeConfig.defaults();
                String host = "127.0." + p + "." + e;
                // The edges of a PoP form its Hazelcast cluster: each key has one owner, as in the simulator.
                ClusterConfig cluster = ClusterConfig.defaults();
                cluster = new ClusterConfig(pop.edges() > 1, pop.name(), "127.0.0.1", clusterPort(p, e), members, false, cluster.heartbeat(),
                        cluster.maxNoHeartbeat(), cluster.purgeAckTimeout(), cluster.statsRefresh(), false, "none", "", List.of());
                EdgeConfig c = new EdgeConfig(host, 0, upstream, pop.name() + "-e" + e, pop.capacity(), pop.policy(),
                        d.maxObjectSize(), d.heuristicCap(), d.ignoredParams(), false, d.originTimeout(), d.coalesceWait(), purgeToken, 1, cluster);
                starting.add(EdgeServer.start(vertx, c));
            }
            List<EdgeServer> servers = new ArrayList<>();
            for (Future<EdgeServer> f : starting) {
                servers.add(f.await(60, TimeUnit.SECONDS));
            }
            edges.put(pop.name(), servers);
        }
        DnsServer dns = DnsServer.start(vertx, dnsConfig(scenario, edges, dnsPort), null).await(10, TimeUnit.SECONDS);
        return new LocalNetwork(origin, edges, dns);
    }

    private static String url(EdgeServer e) {
        return "http://" + e.config().host() + ":" + e.port();
    }

    private static DnsConfig dnsConfig(Scenario s, Map<String, List<EdgeServer>> edges, int port) {
        List<DnsConfig.Pop> pops = new ArrayList<>();
        for (PopSpec p : s.pops()) {
            List<String> addresses = edges.get(p.name()).stream().map(e -> e.config().host()).toList();
            List<String> health = edges.get(p.name()).stream().map(e -> url(e) + "/health").toList();
            pops.add(new DnsConfig.Pop(p.name(), p.location(), addresses, p.weight(), health));
        }
        List<DnsConfig.Region> regions = new ArrayList<>();
        for (int r = 0; r < s.regions().size(); r++) {
            RegionSpec spec = s.regions().get(r);
            regions.add(new DnsConfig.Region(spec.name(), spec.location(), List.of("10." + (r + 1) + ".0.0/16")));
        }
        DnsConfig.Anycast anycast = s.routing().anycastLinks().isEmpty() ? null
                : new DnsConfig.Anycast("127.0.0.100", List.<AnycastGraph.Link>copyOf(s.routing().anycastLinks()));
        return new DnsConfig("127.0.0.1", port, 0, ZONE, List.of("www." + ZONE), null, null, s.routing().dnsTtl().isZero() ? Duration.ofSeconds(1)
                : s.routing().dnsTtl(), Duration.ofSeconds(5), s.routing().strategy(), pops, regions, regions.get(0).name(),
                s.routing().latencyMatrix(), anycast, new DnsConfig.Health(Duration.ofSeconds(1), Duration.ofMillis(500), 2, 2),
                DnsConfig.Fallback.NEAREST, 1232);
    }

    /** What to try, for people. */
    String describe(Scenario s) {
        StringBuilder sb = new StringBuilder();
        sb.append("origin  http://127.0.0.1:").append(origin.port()).append('\n');
        edges.forEach((pop, list) -> list.forEach(e -> sb.append(String.format("edge    %-6s %s%n", pop, url(e)))));
        sb.append("dns     127.0.0.1:").append(dns.port()).append(" (zone ").append(ZONE).append("), stats http://127.0.0.1:")
                .append(dns.statsPort()).append("/stats\n\ntry:\n");
        for (int r = 0; r < s.regions().size(); r++) {
            sb.append(String.format("  dig @127.0.0.1 -p %d www.%s A +subnet=10.%d.0.0/24 +short   # a client in %s%n", dns.port(), ZONE, r + 1,
                    s.regions().get(r).name()));
        }
        EdgeServer first = edges.values().iterator().next().get(0);
        sb.append(String.format("  curl -s -D - -o /dev/null '%s/obj/1?size=10000&ttl=60' | grep -i cache-status%n", url(first)));
        List<String> all = new ArrayList<>();
        edges.values().forEach(list -> list.forEach(e -> all.add(url(e))));
        sb.append("  ./popnet stats ").append(String.join(" ", all)).append(" http://127.0.0.1:").append(dns.statsPort()).append('\n');
        return sb.toString();
    }

    Future<Void> close() {
        Future<Void> f = dns.close();
        for (List<EdgeServer> list : edges.values()) {
            for (EdgeServer e : list) {
                f = f.compose(v -> e.close());
            }
        }
        return f.compose(v -> origin.close());
    }
}
