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
 * @param maxAnswers  addresses per answer: the first N of the chosen PoP's (0 = all)
 * @param reloadToken bearer token POST /reload requires; HTTP reloads are refused while unset
 * @param load        polling of the edges' /stats for load-aware routing
 * @param dnssec      online signing; null = unsigned
 * @param redirect    the HTTP 302 front door; null = off
 * @param udpThreads  UDP sockets (SO_REUSEPORT) and threads serving them; 0 = one per two cores
 */
public record DnsConfig(String host, int port, int statsPort, String zone, List<String> hostnames, Soa soa, List<String> nameservers,
        Duration ttl, Duration failoverTtl, Strategy strategy, List<Pop> pops, List<Region> regions, String defaultRegion,
        Map<String, Map<String, Double>> latencyMatrix, Anycast anycast, Health health, Fallback fallback, int maxUdpSize,
        int maxAnswers, Duration tcpIdleTimeout, String reloadToken, Load load, Dnssec dnssec, Redirect redirect, int udpThreads) {

    public enum Fallback { NEAREST, SERVFAIL }

    /**
     * A PoP: where it is and what to answer. {@code addresses} are answered as they are, up while any of
     * {@code health-urls} passes (or always, without any); {@code edges} are checked one by one (their
     * /health for health, their /stats for load) and only healthy ones are answered.
     *
     * @param capacity the load marks above which the PoP gets no new clients (0 = no mark)
     */
    public record Pop(String name, GeoPoint location, List<String> addresses, double weight, List<String> healthUrls, List<Edge> edges,
            Capacity capacity) {
        public Pop {
            Check.present("name", name);
            Check.present("location", location);
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            edges = edges == null ? List.of() : List.copyOf(edges);
            Check.that(!addresses.isEmpty() || !edges.isEmpty(), "addresses", addresses, "needs at least one address or edge");
            addresses.forEach(a -> checkAddress("addresses", a));
            weight = weight == 0 ? 1 : weight;
            healthUrls = healthUrls == null ? List.of() : List.copyOf(healthUrls);
            capacity = capacity == null ? new Capacity(0, 0) : capacity;
        }

        /** A PoP of plain addresses, checked as a whole through its health URLs. */
        public Pop(String name, GeoPoint location, List<String> addresses, double weight, List<String> healthUrls) {
            this(name, location, addresses, weight, healthUrls, List.of(), null);
        }
    }

    /**
     * One edge node of a PoP.
     *
     * @param address what DNS answers for it
     * @param http    its HTTP host:port (health at /health, load at /stats, target of redirects); default address:80
     * @param weight  its share of answers among the PoP's edges
     */
    public record Edge(String address, String http, double weight) {
        public Edge {
            checkAddress("address", Check.present("address", address));
            http = http == null ? (address.contains(":") ? "[" + address + "]" : address) + ":80" : http;
            weight = weight == 0 ? 1 : weight;
            Check.that(weight > 0, "weight", weight, "must be positive");
        }
    }

    /** Load marks: requests per second and bits per second served by all of a PoP's edges (0 = none). */
    public record Capacity(double requestsPerSecond, double bitsPerSecond) {
        public Capacity {
            Check.that(requestsPerSecond >= 0 && bitsPerSecond >= 0, "capacity", requestsPerSecond, "must not be negative");
        }
    }

    /**
     * @param interval    how often each edge's /stats is read
     * @param resumeBelow a PoP that went over a mark gets new clients again once under this fraction of it
     */
    public record Load(Duration interval, Duration timeout, double resumeBelow) {
        public Load {
            interval = interval == null ? Duration.ofSeconds(2) : Check.positive("interval", interval);
            timeout = timeout == null ? Duration.ofSeconds(1) : Check.positive("timeout", timeout);
            resumeBelow = resumeBelow == 0 ? 0.8 : resumeBelow;
            Check.that(resumeBelow > 0 && resumeBelow <= 1, "resume-below", resumeBelow, "must be in (0, 1]");
        }
    }

    /**
     * @param keys     signing keys (BIND key file pairs, the path without .key/.private)
     * @param validity how long a signature is valid from when it is made
     * @param refresh  how old a signature may get before it is replaced
     */
    public record Dnssec(List<Key> keys, Duration validity, Duration refresh) {
        public Dnssec {
            Check.that(keys != null && !keys.isEmpty(), "keys", keys, "needs at least one key");
            keys = List.copyOf(keys);
            validity = validity == null ? Duration.ofDays(2) : Check.positive("validity", validity);
            refresh = refresh == null ? Duration.ofHours(12) : Check.positive("refresh", refresh);
            Check.that(refresh.multipliedBy(2).compareTo(validity) <= 0, "refresh", refresh, "must be at most half the validity " + validity);
        }
    }

    /** A key: {@code publish-only} keys are in the DNSKEY set but sign nothing (for pre-publication in a rollover). */
    public record Key(String file, boolean publishOnly) {
        public Key {
            Check.present("file", file);
        }
    }

    /** The HTTP front door: answers 302 to an edge of the client's PoP, chosen by consistent hashing of the URL. */
    public record Redirect(int port) {
        public Redirect {
            Check.port("port", port);
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
            if (address != null) {
                checkAddress("address", address);
            }
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
        Check.that(maxAnswers >= 0, "max-answers", maxAnswers, "must not be negative");
        tcpIdleTimeout = tcpIdleTimeout == null ? Duration.ofSeconds(10) : Check.positive("tcp-idle-timeout", tcpIdleTimeout);
        load = load == null ? new Load(null, null, 0) : load;
        Check.that(udpThreads >= 0, "udp-threads", udpThreads, "must not be negative (0 = one per two cores)");
    }

    /** The settings without the newer keys (answer count, idle timeout, reload token, load, DNSSEC, redirect, UDP threads) at their defaults. */
    public DnsConfig(String host, int port, int statsPort, String zone, List<String> hostnames, Soa soa, List<String> nameservers,
            Duration ttl, Duration failoverTtl, Strategy strategy, List<Pop> pops, List<Region> regions, String defaultRegion,
            Map<String, Map<String, Double>> latencyMatrix, Anycast anycast, Health health, Fallback fallback, int maxUdpSize) {
        this(host, port, statsPort, zone, hostnames, soa, nameservers, ttl, failoverTtl, strategy, pops, regions, defaultRegion, latencyMatrix,
                anycast, health, fallback, maxUdpSize, 0, null, null, null, null, null, 0);
    }

    /** The same settings over other PoPs, checked as a file's would be. */
    public DnsConfig withPops(List<Pop> newPops) {
        return new DnsConfig(host, port, statsPort, zone, hostnames, soa, nameservers, ttl, failoverTtl, strategy, newPops, regions, defaultRegion,
                latencyMatrix, anycast, health, fallback, maxUdpSize, maxAnswers, tcpIdleTimeout, reloadToken, load, dnssec, redirect, udpThreads);
    }

    /** Every key has a default except the topology: a config file (configs/dns.yaml) supplies the PoPs. */
    public static DnsConfig defaults() {
        return new DnsConfig("127.0.0.1", 5353, 8053, "cdn.example.", null, null, null, null, null, Strategy.NEAREST,
                List.of(new Pop("local", new GeoPoint(0, 0), List.of("127.0.0.1"), 1, List.of())), List.of(), null, Map.of(), null, null,
                Fallback.NEAREST, 1232);
    }

    private static void checkAddress(String key, String address) {
        try {
            DnsAnswerer.literal(address);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(key, address, "is not an IPv4 or IPv6 address");
        }
    }

    static String absolute(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }
}
