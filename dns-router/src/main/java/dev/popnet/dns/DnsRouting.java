package dev.popnet.dns;

import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.core.routing.Candidate;
import dev.popnet.core.routing.CidrTable;
import dev.popnet.core.routing.GeoPoint;
import dev.popnet.core.routing.HealthView;
import dev.popnet.core.routing.LatencyModel;
import dev.popnet.core.routing.PopSite;
import dev.popnet.core.routing.Router;
import dev.popnet.core.routing.Strategy;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;

/**
 * One loaded topology: client networks to regions, and the shared {@link Router}. Immutable, so a
 * reload swaps it whole while queries keep running on the old one.
 */
final class DnsRouting {
    /** The PoP chosen for a client, the ECS scope it holds for, and whether it is a failover answer. */
    record Choice(DnsConfig.Pop pop, int scopePrefix, boolean failover, String region) {
    }

    final DnsConfig config;
    private final CidrTable<DnsConfig.Region> networks = new CidrTable<>();
    private final Map<String, DnsConfig.Pop> pops = new HashMap<>();
    private final Router router;
    private final DnsConfig.Region fallbackRegion;
    /** Parsed once per topology rather than once per query. */
    final Name zone;
    final Set<Name> hostnames;
    private final Map<String, List<InetAddress>> answers = new HashMap<>();

    DnsRouting(DnsConfig config) {
        this.config = config;
        for (DnsConfig.Region r : config.regions()) {
            for (String cidr : r.networks()) {
                networks.put(cidr, r);
            }
        }
        List<PopSite> sites = config.pops().stream().map(p -> new PopSite(p.name(), p.location(), p.addresses(), p.weight())).toList();
        config.pops().forEach(p -> pops.put(p.name(), p));
        this.zone = DnsAnswerer.name(config.zone());
        this.hostnames = config.hostnames().stream().map(DnsAnswerer::name).collect(Collectors.toUnmodifiableSet());
        List<InetAddress> shared = config.anycast() == null || config.anycast().address() == null ? null
                : List.of(DnsAnswerer.literal(config.anycast().address()));
        config.pops().forEach(p -> answers.put(p.name(),
                anycast() && shared != null ? shared : p.addresses().stream().map(DnsAnswerer::literal).toList()));
        AnycastGraph graph = config.anycast() == null ? null : new AnycastGraph(config.anycast().links());
        this.router = new Router(sites, config.strategy(), LatencyModel.defaults(), config.latencyMatrix(), graph);
        this.fallbackRegion = config.defaultRegion() == null ? null
                : config.regions().stream().filter(r -> r.name().equals(config.defaultRegion())).findFirst().orElseThrow();
    }

    /**
     * @param address      the client subnet (ECS) or the resolver's address
     * @param sourcePrefix how many leading bits of it are meaningful
     */
    Choice choose(byte[] address, int sourcePrefix, HealthView health, long tieKey) {
        CidrTable.Match<DnsConfig.Region> match = networks.lookup(address, sourcePrefix);
        DnsConfig.Region region = match != null ? match.value() : fallbackRegion;
        int scope = match != null ? match.prefixLength() : 0;
        GeoPoint where = region != null ? region.location() : config.pops().get(0).location();
        String regionName = region == null ? null : region.name();
        int healthyPops = 0;
        for (DnsConfig.Pop p : config.pops()) {
            healthyPops += health.healthy(p.name()) ? 1 : 0;
        }
        if (healthyPops == 0 && config.fallback() == DnsConfig.Fallback.SERVFAIL) {
            return null;
        }
        List<Candidate> ranked = router.rank(regionName, where, health, tieKey);
        DnsConfig.Pop chosen = pops.get(ranked.get(0).pop().name());
        // Only while some PoP is down can the answer differ from the ideal one: rank twice only then.
        boolean failover = healthyPops == 0 || healthyPops < config.pops().size()
                && !ranked.get(0).pop().name().equals(router.rank(regionName, where, HealthView.ALL_HEALTHY, tieKey).get(0).pop().name());
        return new Choice(chosen, scope, failover, regionName);
    }

    /** What to answer for a PoP: its addresses, or in anycast mode the one shared address. */
    List<InetAddress> addresses(DnsConfig.Pop pop) {
        return answers.get(pop.name());
    }

    boolean anycast() {
        return config.strategy() == Strategy.ANYCAST;
    }
}
