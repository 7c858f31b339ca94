package dev.popnet.live;

import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.dns.DnsConfig;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.cluster.ClusterConfig;
import dev.popnet.origin.FaultSettings;
import dev.popnet.origin.OriginConfig;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.RegionSpec;
import dev.popnet.simulator.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each server of a scenario's network lives on loopback, and its settings: the origin and the
 * DNS router on 127.0.0.1, PoP P's edges on 127.0.P.1, 127.0.P.2, ... (one address block per PoP, so a
 * DNS answer names the PoP), each PoP a Hazelcast cluster on 127.0.0.1. Clients of region R are the
 * networks 10.R.0.0/16: send ECS from there to play one. Ports are free ones, picked now.
 */
public final class NetworkPlan {
    public static final String ZONE = "cdn.test.";
    public static final String HOSTNAME = "www." + ZONE;
    /** The Host clients send; edges key their caches by it, so every edge of a PoP sees one key per object. */
    public static final String HOSTNAME_NO_DOT = HOSTNAME.substring(0, HOSTNAME.length() - 1);
    /** How the DNS router checks the edges: an edge that fails twice, a second apart, is no longer answered. */
    static final DnsConfig.Health DNS_HEALTH = new DnsConfig.Health(Duration.ofSeconds(1), Duration.ofMillis(500), 2, 2);

    /** One edge node: PoP, 1-based index, HTTP address and Hazelcast port. */
    public record Edge(String pop, int index, String host, int port, int clusterPort) {
        public String node() {
            return pop + "-e" + index;
        }

        public String url() {
            return "http://" + host + ":" + port;
        }
    }

    final Scenario scenario;
    final int originPort;
    final int dnsPort;
    final int dnsStatsPort;
    /** Parents first: a child PoP's upstream must be known before it starts. Changes as PoPs scale. */
    final Map<String, List<Edge>> edges = new LinkedHashMap<>();
    /** The last edge index used per PoP: a new edge takes the next, as the simulator names them. */
    private final Map<String, Integer> lastIndex = new LinkedHashMap<>();

    private NetworkPlan(Scenario scenario, int dnsPort) {
        this.scenario = scenario;
        this.originPort = FreePorts.on("127.0.0.1");
        this.dnsPort = dnsPort == 0 ? FreePorts.on("127.0.0.1") : dnsPort;
        this.dnsStatsPort = FreePorts.on("127.0.0.1");
        List<PopSpec> ordered = new ArrayList<>(scenario.pops().stream().filter(p -> p.parent() == null).toList());
        ordered.addAll(scenario.pops().stream().filter(p -> p.parent() != null).toList());
        for (PopSpec pop : ordered) {
            edges.put(pop.name(), new ArrayList<>());
            for (int e = 1; e <= pop.edges(); e++) {
                addEdge(pop.name());
            }
        }
    }

    /** Plans the PoP's next edge (index one above the last used), on free ports. */
    synchronized Edge addEdge(String pop) {
        int e = lastIndex.merge(pop, 1, Integer::sum);
        if (e > 254) {
            throw new IllegalStateException("a local PoP has room for 254 edges, " + pop + " asked for edge " + e);
        }
        String host = "127.0." + (scenario.pops().indexOf(pop(pop)) + 1) + "." + e;
        Edge edge = new Edge(pop, e, host, FreePorts.on(host), FreePorts.on("127.0.0.1"));
        edges.get(pop).add(edge);
        return edge;
    }

    /** Takes the PoP's newest edge out of the plan and returns it. */
    synchronized Edge removeNewestEdge(String pop) {
        List<Edge> list = edges.get(pop);
        return list.remove(list.size() - 1);
    }

    /** Plans the PoP afresh with {@code count} edges numbered from 1, as a PoP that lost power comes back. */
    synchronized List<Edge> renumber(String pop, int count) {
        edges.get(pop).clear();
        lastIndex.remove(pop);
        for (int e = 1; e <= count; e++) {
            addEdge(pop);
        }
        return List.copyOf(edges.get(pop));
    }

    /** Plans a network; DNS on {@code dnsPort}, or a free port when 0. */
    public static NetworkPlan of(Scenario scenario, int dnsPort) {
        if (scenario.pops().size() > 254) {
            throw new IllegalArgumentException("a local network has room for 254 PoPs");
        }
        return new NetworkPlan(scenario, dnsPort);
    }

    public String originUrl() {
        return "http://127.0.0.1:" + originPort;
    }

    public Map<String, List<Edge>> edges() {
        return edges;
    }

    public int dnsPort() {
        return dnsPort;
    }

    public String dnsStatsUrl() {
        return "http://127.0.0.1:" + dnsStatsPort;
    }

    /** The PoP whose edge has this address, or null. */
    public synchronized String popOf(String address) {
        for (List<Edge> list : edges.values()) {
            for (Edge e : list) {
                if (e.host().equals(address)) {
                    return e.pop();
                }
            }
        }
        return null;
    }

    PopSpec pop(String name) {
        return scenario.pops().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The origin; {@code processing} is added to every answer, as the scenario's origin takes that long,
     * and it works on at most the scenario's concurrency of them at once, as the simulated origin's slots.
     */
    OriginConfig origin(Duration processing) {
        OriginConfig d = OriginConfig.defaults();
        FaultSettings faults = new FaultSettings(processing, Duration.ZERO, 0, 503, false, scenario.origin().concurrency());
        return new OriginConfig("127.0.0.1", originPort, null, d.defaultCacheControl(), d.rules(), d.defaultSize(), d.catalog(), faults,
                d.maxUriLength(), d.maxHeaderSize(), null, 1);
    }

    /**
     * An edge that fetches misses from {@code upstream}; its PoP's edges form one cluster, each key with
     * one owner. A PoP that may scale is a cluster from the start, even of one, so new edges can join it.
     */
    synchronized EdgeConfig edge(Edge e, String upstream) {
        PopSpec pop = pop(e.pop());
        List<String> members = edges.get(e.pop()).stream().map(m -> "127.0.0.1:" + m.clusterPort()).toList();
        ClusterConfig c = ClusterConfig.defaults();
        boolean scales = scenario.autoscale().enabled() && scenario.autoscale().maxEdges() > 1;
        ClusterConfig cluster = new ClusterConfig(pop.edges() > 1 || scales, pop.name(), "127.0.0.1", e.clusterPort(), members, false, c.heartbeat(),
                c.maxNoHeartbeat(), c.purgeAckTimeout(), c.statsRefresh(), false, "jdk", "", List.of());
        return EdgeConfig.defaults().with(e.port(), upstream, pop.capacity(), pop.policy(), null).withListener(e.host(), 1).withNode(e.node())
                .withCluster(cluster);
    }

    /** Where a PoP's misses go: its parent PoP's first edge, or the origin. */
    String directUpstream(String pop) {
        String parent = pop(pop).parent();
        return parent == null ? originUrl() : edges.get(parent).get(0).url();
    }

    /** The DNS router; each edge is checked on its own, so one that drains is no longer answered while the others are. */
    synchronized DnsConfig dns() {
        Scenario s = scenario;
        List<DnsConfig.Pop> pops = new ArrayList<>();
        for (PopSpec p : s.pops()) {
            pops.add(new DnsConfig.Pop(p.name(), p.location(), List.of(), p.weight(), List.of(), dnsEdges(p.name()), null));
        }
        List<DnsConfig.Region> regions = new ArrayList<>();
        for (int r = 0; r < s.regions().size(); r++) {
            RegionSpec spec = s.regions().get(r);
            regions.add(new DnsConfig.Region(spec.name(), spec.location(), List.of("10." + (r + 1) + ".0.0/16")));
        }
        DnsConfig.Anycast anycast = s.routing().anycastLinks().isEmpty() ? null
                : new DnsConfig.Anycast("127.0.0.100", List.<AnycastGraph.Link>copyOf(s.routing().anycastLinks()));
        DnsConfig d = DnsConfig.defaults();
        Duration ttl = s.routing().dnsTtl().isZero() ? Duration.ofSeconds(1) : s.routing().dnsTtl();
        return new DnsConfig("127.0.0.1", dnsPort, dnsStatsPort, ZONE, List.of(HOSTNAME), null, null, ttl, Duration.ofSeconds(5),
                s.routing().strategy(), pops, regions, regions.get(0).name(), s.routing().latencyMatrix(), anycast, DNS_HEALTH,
                DnsConfig.Fallback.NEAREST, d.maxUdpSize());
    }

    /** The PoP's edges as the DNS router lists them: the address it answers, and where it checks health. */
    synchronized List<DnsConfig.Edge> dnsEdges(String pop) {
        return edges.get(pop).stream().map(e -> new DnsConfig.Edge(e.host(), e.host() + ":" + e.port(), 1)).toList();
    }
}
