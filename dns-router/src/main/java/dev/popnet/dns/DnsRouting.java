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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    DnsRouting(DnsConfig config) {
        this.config = config;
        for (DnsConfig.Region r : config.regions()) {
            for (String cidr : r.networks()) {
                networks.put(cidr, r);
            }
        }
        List<PopSite> sites = config.pops().stream().map(p -> new PopSite(p.name(), p.location(), p.addresses(), p.weight())).toList();
        config.pops().forEach(p -> pops.put(p.name(), p));
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
        List<Candidate> ranked = router.rank(regionName, where, health, tieKey);
        List<Candidate> ideal = router.rank(regionName, where, HealthView.ALL_HEALTHY, tieKey);
        DnsConfig.Pop chosen = pops.get(ranked.get(0).pop().name());
        boolean noneHealthy = config.pops().stream().noneMatch(p -> health.healthy(p.name()));
        if (noneHealthy && config.fallback() == DnsConfig.Fallback.SERVFAIL) {
            return null;
        }
        boolean failover = !ranked.get(0).pop().name().equals(ideal.get(0).pop().name()) || noneHealthy;
        return new Choice(chosen, scope, failover, regionName);
    }

    boolean anycast() {
        return config.strategy() == Strategy.ANYCAST;
    }
}
