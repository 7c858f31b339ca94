package dev.popnet.edge;

import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.config.Check;
import dev.popnet.core.config.InvalidValue;
import dev.popnet.edge.cluster.ClusterConfig;
import dev.popnet.edge.store.DiskConfig;
import dev.popnet.edge.upstream.PoolConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything an edge node can be told; see configs/edge.yaml for each key.
 *
 * @param origin                base URL of the origin, e.g. http://127.0.0.1:8080: the pool of sites that name none, and of the
 *                              one site for every host when no sites are listed
 * @param node                  name in Cache-Status and Via
 * @param capacity              bytes of responses (bodies and headers) kept in memory
 * @param policy                eviction policy; caffeine (the default) is the Caffeine library
 * @param maxObjectSize         larger responses stream through uncached
 * @param heuristicCap          upper bound of heuristic freshness (RFC 9111 §4.2.2)
 * @param ignoredParams         query parameters removed from the request (so from the key and what the origin is asked)
 * @param ignoreQuery           remove the whole query
 * @param originTimeout         connect timeout, and longest upstream silence while a response is awaited or arrives (504 after it)
 * @param originResponseTimeout longest time an upstream may take for a whole response; concurrent misses wait for it at most
 * @param originMaxConnections  connections open to each upstream at once
 * @param staleIfUnreachable    how stale a stored response may be served when the origin cannot be reached (0: never)
 * @param blockedPaths          path prefixes the edge answers 404 for and never forwards (the origin's admin API)
 * @param purgeToken            bearer token for the purge API; purging is refused when unset
 * @param eventLoops            0 = one per core
 * @param client                limits on client connections (see {@link ClientLimits})
 * @param cluster               the PoP this node forms with other edge nodes (see {@link ClusterConfig})
 * @param sites                 the hostnames this edge serves, each with its pool and cache rules; none: every host, from {@code origin}
 * @param pools                 origin pools by name (see {@link PoolConfig})
 * @param tls                   the HTTPS listener (see {@link TlsConfig})
 * @param h2c                   also accept HTTP/2 without TLS (prior knowledge or Upgrade) on the plain port
 * @param reloadToken           bearer token for POST /admin/reload; reloading over HTTP is refused when unset (SIGHUP always works)
 * @param disk                  the disk tier under the memory tier (see {@link DiskConfig}); none unless {@code disk.dir} is set
 */
public record EdgeConfig(String host, int port, String origin, String node, long capacity, String policy, long maxObjectSize,
        Duration heuristicCap, List<String> ignoredParams, boolean ignoreQuery, Duration originTimeout, Duration originResponseTimeout,
        int originMaxConnections, Duration staleIfUnreachable, List<String> blockedPaths, String purgeToken, int eventLoops,
        ClientLimits client, ClusterConfig cluster, List<SiteConfig> sites, Map<String, PoolConfig> pools, TlsConfig tls, boolean h2c,
        String reloadToken, DiskConfig disk) {

    public EdgeConfig {
        Check.present("host", host);
        Check.port("port", port);
        Check.present("origin", origin);
        PoolConfig.checkServer("origin", origin);
        node = node == null ? "popnet-edge" : node;
        Check.positive("capacity", capacity);
        policy = policy == null ? "caffeine" : policy;
        try {
            policy = PolicyRegistry.canonical(policy);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("policy", policy, e.getMessage());
        }
        Check.that(!PolicyRegistry.isOffline(policy), "policy", policy, policy + " needs the future; it exists only in the simulator");
        Check.positive("max-object-size", maxObjectSize);
        heuristicCap = heuristicCap == null ? Duration.ofDays(1) : Check.nonNegative("heuristic-cap", heuristicCap);
        ignoredParams = ignoredParams == null ? List.of() : List.copyOf(ignoredParams);
        originTimeout = originTimeout == null ? Duration.ofSeconds(10) : Check.positive("origin-timeout", originTimeout);
        originResponseTimeout = originResponseTimeout == null ? Duration.ofSeconds(30)
                : Check.positive("origin-response-timeout", originResponseTimeout);
        Check.positive("origin-max-connections", originMaxConnections);
        staleIfUnreachable = staleIfUnreachable == null ? Duration.ofDays(1) : Check.nonNegative("stale-if-unreachable", staleIfUnreachable);
        blockedPaths = blockedPaths == null ? List.of() : List.copyOf(blockedPaths);
        for (String p : blockedPaths) {
            Check.that(p.startsWith("/"), "blocked-paths", p, "each entry must be a path prefix starting with /");
        }
        Check.nonNegative("event-loops", eventLoops);
        client = client == null ? ClientLimits.defaults() : client;
        cluster = cluster == null ? ClusterConfig.defaults() : cluster;
        Check.that(!cluster.enabled() || !cluster.advertiseHost().isEmpty() || !wildcard(host), "cluster.advertise-host", "nothing",
                "is needed when host is a wildcard address (" + host + "): the address the other PoP members reach this node at");
        pools = pools == null ? Map.of() : Map.copyOf(pools);
        for (String name : pools.keySet()) {
            Check.that(name.matches("[A-Za-z0-9._-]+"), "pools", name, "a pool name is letters, digits, '.', '_' or '-'");
        }
        sites = sites == null ? List.of() : List.copyOf(sites);
        Set<String> names = new HashSet<>();
        Set<String> hosts = new HashSet<>();
        for (int i = 0; i < sites.size(); i++) {
            SiteConfig s = sites.get(i);
            String at = "sites[" + i + "]";
            Check.that(names.add(s.name()), at + ".name", s.name(), "another site has this name");
            Check.that(s.pool().isEmpty() || pools.containsKey(s.pool()), at + ".pool", s.pool(), "names no pool (pools: "
                    + String.join(", ", new java.util.TreeSet<>(pools.keySet())) + ")");
            for (String h : s.hosts()) {
                Check.that(hosts.add(h), at + ".hosts", h, "another site already serves this host");
            }
        }
        tls = tls == null ? TlsConfig.defaults() : tls;
        Check.that(!tls.enabled() || !tls.cert().isEmpty() || sites.stream().anyMatch(s -> !s.tlsCert().isEmpty()), "tls.cert", "nothing",
                "HTTPS (tls.enabled) needs a certificate: tls.cert and tls.key, or a site's tls-cert and tls-key");
        Check.that(!tls.enabled() || tls.port() != port || port == 0, "tls.port", tls.port(), "must differ from port");
        reloadToken = reloadToken == null || reloadToken.isEmpty() ? null : reloadToken;
        disk = disk == null ? DiskConfig.defaults() : disk;
    }

    /** The settings without a disk tier. */
    public EdgeConfig(String host, int port, String origin, String node, long capacity, String policy, long maxObjectSize,
            Duration heuristicCap, List<String> ignoredParams, boolean ignoreQuery, Duration originTimeout, Duration originResponseTimeout,
            int originMaxConnections, Duration staleIfUnreachable, List<String> blockedPaths, String purgeToken, int eventLoops,
            ClientLimits client, ClusterConfig cluster, List<SiteConfig> sites, Map<String, PoolConfig> pools, TlsConfig tls, boolean h2c,
            String reloadToken) {
        this(host, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery, originTimeout,
                originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, eventLoops, client, cluster, sites,
                pools, tls, h2c, reloadToken, DiskConfig.defaults());
    }

    /** The settings as they were before sites, pools and TLS: one origin for every host, plain HTTP. */
    public EdgeConfig(String host, int port, String origin, String node, long capacity, String policy, long maxObjectSize,
            Duration heuristicCap, List<String> ignoredParams, boolean ignoreQuery, Duration originTimeout, Duration originResponseTimeout,
            int originMaxConnections, Duration staleIfUnreachable, List<String> blockedPaths, String purgeToken, int eventLoops,
            ClientLimits client, ClusterConfig cluster) {
        this(host, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery, originTimeout,
                originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, eventLoops, client, cluster,
                List.of(), Map.of(), TlsConfig.defaults(), false, null);
    }

    private static boolean wildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }

    public static EdgeConfig defaults() {
        return new EdgeConfig("127.0.0.1", 8081, "http://127.0.0.1:8080", "popnet-edge", 256L << 20, "caffeine", 8L << 20,
                Duration.ofDays(1), List.of(), false, Duration.ofSeconds(10), Duration.ofSeconds(30), 256, Duration.ofDays(1),
                List.of("/admin/"), null, 0, ClientLimits.defaults(), ClusterConfig.defaults(), List.of(), Map.of(), TlsConfig.defaults(),
                false, null);
    }

    public EdgeConfig with(int newPort, String newOrigin, long newCapacity, String newPolicy, String newToken) {
        return new EdgeConfig(host, newPort, newOrigin, node, newCapacity, newPolicy, maxObjectSize, heuristicCap, ignoredParams,
                ignoreQuery, originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, newToken,
                eventLoops, client, cluster, sites, pools, tls, h2c, reloadToken, disk);
    }

    public EdgeConfig withCluster(ClusterConfig c) {
        return new EdgeConfig(host, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery,
                originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, eventLoops,
                client, c, sites, pools, tls, h2c, reloadToken, disk);
    }

    public EdgeConfig withNode(String name) {
        return new EdgeConfig(host, port, origin, name, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery,
                originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, eventLoops,
                client, cluster, sites, pools, tls, h2c, reloadToken, disk);
    }

    /** The same node on another address, with this many event loops. */
    public EdgeConfig withListener(String newHost, int loops) {
        return new EdgeConfig(newHost, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery,
                originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, loops,
                client, cluster, sites, pools, tls, h2c, reloadToken, disk);
    }

    /** The same node serving these sites from these pools. */
    public EdgeConfig withSites(List<SiteConfig> newSites, Map<String, PoolConfig> newPools) {
        return new EdgeConfig(host, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery,
                originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, eventLoops,
                client, cluster, newSites, newPools, tls, h2c, reloadToken, disk);
    }

    /** The same node with this HTTPS listener and reload token. */
    public EdgeConfig withTls(TlsConfig newTls, String newReloadToken) {
        return new EdgeConfig(host, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery,
                originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, eventLoops,
                client, cluster, sites, pools, newTls, h2c, newReloadToken, disk);
    }

    /** The same node with this disk tier. */
    public EdgeConfig withDisk(DiskConfig newDisk) {
        return new EdgeConfig(host, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery,
                originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, eventLoops,
                client, cluster, sites, pools, tls, h2c, reloadToken, newDisk);
    }

    /** The sites served: those listed, or one for every host with {@code origin} as its pool. */
    public List<SiteConfig> effectiveSites() {
        return sites.isEmpty() ? List.of(SiteConfig.everyHost()) : sites;
    }

    /** The pool a site names; the empty name is {@code origin}. */
    public PoolConfig pool(String name) {
        return name.isEmpty() ? PoolConfig.single(origin) : pools.get(name);
    }

    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
