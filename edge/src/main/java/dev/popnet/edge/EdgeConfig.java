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
 * @param origin          base URL of the origin, e.g. http://127.0.0.1:8080
 * @param node            name in Cache-Status and Via
 * @param capacity        bytes of responses (bodies and headers) kept in memory
 * @param policy          eviction policy; caffeine (the default) is the Caffeine library
 * @param maxObjectSize   larger responses stream through uncached
 * @param heuristicCap    upper bound of heuristic freshness (RFC 9111 §4.2.2)
 * @param ignoredParams   query parameters left out of the cache key
 * @param ignoreQuery     leave the whole query out of the cache key
 * @param originTimeout   connect and idle timeout of origin fetches (504 after it)
 * @param coalesceWait    how long a request waits for another's fetch of the same object before fetching itself
 * @param purgeToken      bearer token for the purge API; purging is refused when unset
 * @param eventLoops      0 = one per core
 * @param cluster         the PoP this node forms with other edge nodes (see {@link ClusterConfig})
 */
public record EdgeConfig(String host, int port, String origin, String node, long capacity, String policy, long maxObjectSize,
        Duration heuristicCap, List<String> ignoredParams, boolean ignoreQuery, Duration originTimeout, Duration coalesceWait,
        String purgeToken, int eventLoops, ClusterConfig cluster) {

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
        coalesceWait = coalesceWait == null ? Duration.ofSeconds(5) : Check.positive("coalesce-wait", coalesceWait);
        Check.nonNegative("event-loops", eventLoops);
        cluster = cluster == null ? ClusterConfig.defaults() : cluster;
    }

    public static EdgeConfig defaults() {
        return new EdgeConfig("127.0.0.1", 8081, "http://127.0.0.1:8080", "popnet-edge", 256L << 20, "caffeine", 8L << 20,
                Duration.ofDays(1), List.of(), false, Duration.ofSeconds(10), Duration.ofSeconds(5), null, 0, ClusterConfig.defaults());
    }

    public EdgeConfig with(int newPort, String newOrigin, long newCapacity, String newPolicy, String newToken) {
        return new EdgeConfig(host, newPort, newOrigin, node, newCapacity, newPolicy, maxObjectSize, heuristicCap, ignoredParams,
                ignoreQuery, originTimeout, coalesceWait, newToken, eventLoops, cluster);
    }

    public EdgeConfig withCluster(ClusterConfig c) {
        return new EdgeConfig(host, port, origin, node, capacity, policy, maxObjectSize, heuristicCap, ignoredParams,
                ignoreQuery, originTimeout, coalesceWait, purgeToken, eventLoops, c);
    }

    public EdgeConfig withNode(String name) {
        return new EdgeConfig(host, port, origin, name, capacity, policy, maxObjectSize, heuristicCap, ignoredParams,
                ignoreQuery, originTimeout, coalesceWait, purgeToken, eventLoops, cluster);
    }

    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
