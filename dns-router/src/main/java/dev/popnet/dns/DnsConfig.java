package dev.popnet.dns;

import dev.popnet.core.config.Check;
import dev.popnet.core.config.InvalidValue;
import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.core.routing.GeoPoint;
import dev.popnet.core.routing.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The DNS router's settings and topology; see configs/dns.yaml for each key.
 *
 * @param zone        the zone served authoritatively, e.g. {@code cdn.example.}
 * @param hostnames   names in the zone answered with a PoP's addresses (e.g. {@code www.cdn.example.})
 * @param ttl         answer TTL in normal operation
 * @param failoverTtl answer TTL while a client is sent past its best PoP
 * @param fallback    when no PoP is healthy: NEAREST (answer the best PoP anyway) or SERVFAIL
 */
public record DnsConfig(String host, int port, int statsPort, String zone, List<String> hostnames, Soa soa, List<String> nameservers,
        Duration ttl, Duration failoverTtl, Strategy strategy, List<Pop> pops, List<Region> regions, String defaultRegion,
        Map<String, Map<String, Double>> latencyMatrix, Anycast anycast, Health health, Fallback fallback, int maxUdpSize) {

    public enum Fallback { NEAREST, SERVFAIL }

    /** A PoP: where it is, what to answer, and the edges whose /health decides whether it is up. */
    public record Pop(String name, GeoPoint location, List<String> addresses, double weight, List<String> healthUrls) {
        public Pop {
            Check.present("name", name);
            Check.present("location", location);
            Check.that(addresses != null && !addresses.isEmpty(), "addresses", addresses, "needs at least one address");
            weight = weight == 0 ? 1 : weight;
            healthUrls = healthUrls == null ? List.of() : List.copyOf(healthUrls);
        }
    }

    /** Clients: a place and the networks they come from. */
    public record Region(String name, GeoPoint location, List<String> networks) {
        public Region {
            Check.present("name", name);
            Check.present("location", location);
            networks = networks == null ? List.of() : List.copyOf(networks);
        }
    }

    public record Soa(String mname, String rname, long serial, Duration refresh, Duration retry, Duration expire, Duration minimum) {
        public Soa {
            refresh = refresh == null ? Duration.ofHours(1) : refresh;
            retry = retry == null ? Duration.ofMinutes(10) : retry;
            expire = expire == null ? Duration.ofDays(7) : expire;
            minimum = minimum == null ? Duration.ofSeconds(60) : minimum;
        }
    }

    /** Anycast mode: every answer is this one address; the catchment PoP follows the link graph. */
    public record Anycast(String address, List<AnycastGraph.Link> links) {
        public Anycast {
            links = links == null ? List.of() : List.copyOf(links);
        }
    }

    public record Health(Duration interval, Duration timeout, int rise, int fall) {
        public Health {
            interval = interval == null ? Duration.ofSeconds(2) : Check.positive("interval", interval);
            timeout = timeout == null ? Duration.ofSeconds(1) : Check.positive("timeout", timeout);
            rise = rise == 0 ? 2 : rise;
            fall = fall == 0 ? 2 : fall;
            Check.that(rise >= 1 && fall >= 1, "rise", rise, "rise and fall must be at least 1");
        }
    }

    public DnsConfig {
        Check.present("host", host);
        Check.port("port", port);
        Check.port("stats-port", statsPort);
        Check.present("zone", zone);
        zone = absolute(zone);
        String z = zone;
        hostnames = hostnames == null ? List.of("www." + zone) : hostnames.stream().map(DnsConfig::absolute).toList();
        for (String h : hostnames) {
            Check.that(h.endsWith("." + z) || h.equals(z), "hostnames", h, "must be inside the zone " + z);
        }
        soa = soa == null ? new Soa("ns1." + zone, "hostmaster." + zone, 1, null, null, null, null) : soa;
        nameservers = nameservers == null ? List.of("ns1." + zone) : nameservers;
        ttl = ttl == null ? Duration.ofSeconds(30) : Check.positive("ttl", ttl);
        failoverTtl = failoverTtl == null ? Duration.ofSeconds(10) : Check.positive("failover-ttl", failoverTtl);
        strategy = strategy == null ? Strategy.NEAREST : strategy;
        Check.that(pops != null && !pops.isEmpty(), "pops", pops, "needs at least one PoP");
        regions = regions == null ? List.of() : List.copyOf(regions);
        if (defaultRegion != null && regions.stream().noneMatch(r -> r.name().equals(defaultRegion))) {
            throw new InvalidValue("default-region", defaultRegion, "names no region");
        }
        latencyMatrix = latencyMatrix == null ? Map.of() : latencyMatrix;
        Check.that(strategy != Strategy.ANYCAST || anycast != null && anycast.address() != null, "anycast", anycast,
                "anycast strategy needs anycast.address and anycast.links");
        health = health == null ? new Health(null, null, 0, 0) : health;
        fallback = fallback == null ? Fallback.NEAREST : fallback;
        maxUdpSize = maxUdpSize == 0 ? 1232 : maxUdpSize;
        Check.that(maxUdpSize >= 512 && maxUdpSize <= 65535, "max-udp-size", maxUdpSize, "must be 512-65535");
    }

    /** Every key has a default except the topology: a config file (configs/dns.yaml) supplies the PoPs. */
    public static DnsConfig defaults() {
        return new DnsConfig("127.0.0.1", 5353, 8053, "cdn.example.", null, null, null, null, null, Strategy.NEAREST,
                List.of(new Pop("local", new GeoPoint(0, 0), List.of("127.0.0.1"), 1, List.of())), List.of(), null, Map.of(), null, null,
                Fallback.NEAREST, 1232);
    }

    static String absolute(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }
}
