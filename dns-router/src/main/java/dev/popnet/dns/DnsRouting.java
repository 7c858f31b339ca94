package dev.popnet.dns;

import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.core.routing.Candidate;
import dev.popnet.core.routing.CidrTable;
import dev.popnet.core.routing.GeoPoint;
import dev.popnet.core.routing.HealthView;
import dev.popnet.core.routing.LatencyModel;
import dev.popnet.core.routing.LoadMarks;
import dev.popnet.core.routing.PopSite;
import dev.popnet.core.routing.RendezvousHash;
import dev.popnet.core.routing.Router;
import dev.popnet.core.routing.Strategy;
import dev.popnet.core.time.Ticker;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;

/**
 * One loaded topology: client networks to regions, and the shared {@link Router}. Immutable apart from
 * the per-network answer caches, so a reload swaps it whole while queries keep running on the old one.
 *
 * <p>An answer depends only on the client network that matched (its region, and its hash to split PoPs
 * or edges that rank equal), on what the checks know (health, load: the {@link RoutingView}'s epoch)
 * and on the question, which is what makes answers cacheable per network and exact about their ECS scope.
 */
final class DnsRouting {
    /** The PoP chosen for a client network, the addresses to answer, and whether it is a failover answer. */
    record Choice(DnsConfig.Pop pop, List<InetAddress> addresses, boolean failover, String region) {
    }

    /** One configured client network (or the catch-all), with the answers cached for it in the current epoch. */
    static final class Network {
        final DnsConfig.Region region;
        final long tieKey;
        private volatile Answers answers;

        Network(DnsConfig.Region region, String cidr) {
            this.region = region;
            this.tieKey = RendezvousHash.memberHash(cidr);
        }

        /** The answers of this epoch (a new, empty set when the epoch moved on). */
        Answers answers(long epoch) {
            Answers a = answers;
            if (a == null || a.epoch != epoch) {
                a = new Answers(epoch);
                answers = a;
            }
            return a;
        }
    }

    /** What one network is answered in one epoch: the choice, and finished responses by question shape. */
    static final class Answers {
        final long epoch;
        volatile Choice choice;
        volatile boolean chosen;
        final AnswerTemplates templates = new AnswerTemplates();

        Answers(long epoch) {
            this.epoch = epoch;
        }
    }

    /** DNSKEY records change only in a key rollover, planned hours ahead: an hour of caching is safe. */
    static final long DNSKEY_TTL = 3600;

    final DnsConfig config;
    /** Null when the zone is not signed. */
    final DnssecSigner signer;
    private final CidrTable<Network> networks = new CidrTable<>();
    private final Network catchAll;
    private final Map<String, DnsConfig.Pop> pops = new HashMap<>();
    private final Map<String, List<InetAddress>> plainAddresses = new HashMap<>();
    private final Map<String, InetAddress> edgeAddresses = new HashMap<>();
    private final List<InetAddress> anycastAddress;
    private final Router router;
    /** Parsed once per topology rather than once per query. */
    final Name zone;
    final List<Name> hostnames;
    /** The hostnames in lower-case wire form, for matching questions without parsing them into names. */
    private final byte[][] hostnameWire;

    DnsRouting(DnsConfig config, Ticker ticker) {
        this.config = config;
        for (DnsConfig.Region r : config.regions()) {
            for (String cidr : r.networks()) {
                networks.put(cidr, new Network(r, cidr));
            }
        }
        DnsConfig.Region fallbackRegion = config.defaultRegion() == null ? null
                : config.regions().stream().filter(r -> r.name().equals(config.defaultRegion())).findFirst().orElseThrow();
        this.catchAll = new Network(fallbackRegion, "default");
        List<PopSite> sites = config.pops().stream().map(p -> new PopSite(p.name(), p.location(), p.addresses(), p.weight())).toList();
        for (DnsConfig.Pop p : config.pops()) {
            pops.put(p.name(), p);
            plainAddresses.put(p.name(), p.addresses().stream().map(DnsAnswerer::literal).toList());
            p.edges().forEach(e -> edgeAddresses.put(e.http(), DnsAnswerer.literal(e.address())));
        }
        this.zone = DnsAnswerer.name(config.zone());
        this.hostnames = config.hostnames().stream().map(DnsAnswerer::name).toList();
        this.hostnameWire = hostnames.stream().map(n -> n.toWireCanonical()).toArray(byte[][]::new);
        this.anycastAddress = config.anycast() == null || config.anycast().address() == null ? null
                : List.of(DnsAnswerer.literal(config.anycast().address()));
        AnycastGraph graph = config.anycast() == null ? null : new AnycastGraph(config.anycast().links());
        this.router = new Router(sites, config.strategy(), LatencyModel.defaults(), config.latencyMatrix(), graph);
        this.signer = config.dnssec() == null ? null : new DnssecSigner(zone, config.dnssec(), DNSKEY_TTL, ticker);
    }

    /**
     * The network an address falls in (its first {@code sourcePrefix} bits, read from {@code buf} at
     * {@code offset}), or the catch-all, with the ECS scope of the answer.
     */
    CidrTable.Match<Network> network(byte[] buf, int offset, boolean v6, int sourcePrefix) {
        long m = networkMatch(buf, offset, v6, sourcePrefix);
        return new CidrTable.Match<>(networkOf(m), CidrTable.scopeOf(m));
    }

    /** {@link #network} without an object, as {@link CidrTable#scopedMatch}: {@link #networkOf} and {@link CidrTable#scopeOf} read it. */
    long networkMatch(byte[] buf, int offset, boolean v6, int sourcePrefix) {
        return networks.scopedMatch(buf, offset, v6, sourcePrefix);
    }

    /** The network of a {@link #networkMatch} result: the catch-all where none matched. */
    Network networkOf(long match) {
        return CidrTable.matched(match) ? networks.valueOf(match) : catchAll;
    }

    CidrTable.Match<Network> network(byte[] address, int sourcePrefix) {
        return network(address, 0, address.length == 16, sourcePrefix);
    }

    /** Index of the configured hostname a question names (any letter case), or -1. */
    int hostIndex(byte[] packet, int start, int end) {
        for (int h = 0; h < hostnameWire.length; h++) {
            byte[] w = hostnameWire[h];
            if (w.length == end - start && sameIgnoringCase(w, packet, start)) {
                return h;
            }
        }
        return -1;
    }

    private static boolean sameIgnoringCase(byte[] lower, byte[] packet, int start) {
        for (int i = 0; i < lower.length; i++) {
            int b = packet[start + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The choice for a network, made once per network and epoch and kept in that epoch's answers (the
     * caller takes them once, so the choice and the responses kept with it belong to one epoch); null means SERVFAIL.
     */
    Choice choose(Network net, Answers a, RoutingView view) {
        if (!a.chosen) {
            a.choice = decide(net, view);
            a.chosen = true;
        }
        return a.choice;
    }

    private Choice decide(Network net, RoutingView view) {
        DnsConfig.Region region = net.region;
        GeoPoint where = region != null ? region.location() : config.pops().get(0).location();
        String regionName = region == null ? null : region.name();
        HealthView health = view.pops();
        int healthyPops = 0;
        for (DnsConfig.Pop p : config.pops()) {
            healthyPops += health.healthy(p.name()) ? 1 : 0;
        }
        if (healthyPops == 0 && config.fallback() == DnsConfig.Fallback.SERVFAIL) {
            return null;
        }
        List<Candidate> ranked = router.rank(regionName, where, health, view.load(), net.tieKey);
        DnsConfig.Pop chosen = pops.get(ranked.get(0).pop().name());
        String ideal = router.rank(regionName, where, HealthView.ALL_HEALTHY, net.tieKey).get(0).pop().name();
        boolean failover = healthyPops == 0 || !chosen.name().equals(ideal);
        return new Choice(chosen, addresses(chosen, view, net.tieKey), failover, regionName);
    }

    /**
     * What to answer for a PoP: in anycast mode the one shared address; else its plain addresses and its
     * healthy edges (all edges when none is healthy), highest weighted rendezvous score first for this
     * network, so a network keeps its edges and heavier edges are in more answers; the first max-answers.
     */
    private List<InetAddress> addresses(DnsConfig.Pop pop, RoutingView view, long tieKey) {
        if (anycast() && anycastAddress != null) {
            return anycastAddress;
        }
        record Ranked(InetAddress address, double score) {
        }
        List<DnsConfig.Edge> up = pop.edges().stream().filter(e -> view.edgeHealthy(e.http())).toList();
        List<Ranked> all = new ArrayList<>();
        for (InetAddress a : plainAddresses.get(pop.name())) {
            all.add(new Ranked(a, RendezvousHash.weightedScore(tieKey, a.getHostAddress(), 1)));
        }
        for (DnsConfig.Edge e : up.isEmpty() ? pop.edges() : up) {
            all.add(new Ranked(edgeAddresses.get(e.http()), RendezvousHash.weightedScore(tieKey, e.http(), e.weight())));
        }
        if (config.maxAnswers() == 0) {
            return all.stream().map(Ranked::address).toList(); // every address, in the configured order
        }
        return all.stream().sorted(Comparator.comparingDouble(Ranked::score).reversed()).limit(config.maxAnswers())
                .map(Ranked::address).toList();
    }

    /** The edges a redirect may send a client of this PoP to: the healthy ones (all when none is). */
    List<DnsConfig.Edge> redirectEdges(DnsConfig.Pop pop, RoutingView view) {
        List<DnsConfig.Edge> up = pop.edges().stream().filter(e -> view.edgeHealthy(e.http())).toList();
        return up.isEmpty() ? pop.edges() : up;
    }

    /** Load marks per PoP, for the load monitor. */
    Map<String, LoadMarks> loadMarks() {
        return config.pops().stream().collect(Collectors.toMap(DnsConfig.Pop::name,
                p -> new LoadMarks(p.capacity().requestsPerSecond(), p.capacity().bitsPerSecond())));
    }

    boolean anycast() {
        return config.strategy() == Strategy.ANYCAST;
    }

    String strategyName() {
        return config.strategy().name().toLowerCase(Locale.ROOT);
    }
}
