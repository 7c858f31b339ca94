package dev.popnet.edge;

import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.config.Check;
import dev.popnet.core.config.InvalidValue;
import dev.popnet.edge.cluster.ClusterConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything an edge node can be told; see configs/edge.yaml for each key.
 *
 * @param origin                base URL of the origin, e.g. http://127.0.0.1:8080
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
 */
public record EdgeConfig(String host, int port, String origin, String node, long capacity, String policy, long maxObjectSize,
        Duration heuristicCap, List<String> ignoredParams, boolean ignoreQuery, Duration originTimeout, Duration originResponseTimeout,
        int originMaxConnections, Duration staleIfUnreachable, List<String> blockedPaths, String purgeToken, int eventLoops,
        ClientLimits client, ClusterConfig cluster) {

    public EdgeConfig {
        Check.present("host", host);
        Check.port("port", port);
        Check.present("origin", origin);
        try {
            URI u = URI.create(origin);
            Check.that("http".equals(u.getScheme()) && u.getHost() != null, "origin", origin, "must be an http:// URL with a host");
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidValue iv) {
                throw iv;
            }
            throw new InvalidValue("origin", origin, "is not a URL");
        }
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
    }

    public static EdgeConfig defaults() {
        return new EdgeConfig("127.0.0.1", 8081, "http://127.0.0.1:8080", "popnet-edge", 256L << 20, "caffeine", 8L << 20,
                Duration.ofDays(1), List.of(), false, Duration.ofSeconds(10), Duration.ofSeconds(30), 256, Duration.ofDays(1),
                List.of("/admin/"), null, 0, ClientLimits.defaults(), ClusterConfig.defaults());
    }

    public EdgeConfig with(int newPort, String newOrigin, long newCapacity, String newPolicy, String newToken) {
        return new EdgeConfig(host, newPort, newOrigin, node, newCapacity, newPolicy, maxObjectSize, heuristicCap, ignoredParams,
                ignoreQuery, originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, newToken,
                eventLoops, client, cluster);
    }

    public EdgeConfig withCluster(ClusterConfig c) {
        return new EdgeConfig(host, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery,
                originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, eventLoops,
                client, c);
    }

    public EdgeConfig withNode(String name) {
        return new EdgeConfig(host, port, origin, name, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery,
                originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, eventLoops,
                client, cluster);
    }

    /** The same node on another address, with this many event loops. */
    public EdgeConfig withListener(String newHost, int loops) {
        return new EdgeConfig(newHost, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams, ignoreQuery,
                originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, purgeToken, loops,
                client, cluster);
    }

    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
