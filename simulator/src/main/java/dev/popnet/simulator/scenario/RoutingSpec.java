package dev.popnet.simulator.scenario;

import dev.popnet.core.config.Check;
import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.core.routing.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How clients find a PoP.
 *
 * @param strategy      NEAREST or LOWEST_LATENCY (geo DNS), or ANYCAST
 * @param ecs           geo DNS sees the client's subnet (RFC 7871) instead of only its resolver
 * @param dnsTtl        how long resolvers cache an answer
 * @param healthDetect  time for health checks to notice a PoP going down or coming back
 * @param latencyMatrix measured RTT in ms per region and PoP (LOWEST_LATENCY)
 * @param anycastLinks  the routing graph for ANYCAST: regions, transit nodes and PoPs joined by costs
 */
public record RoutingSpec(Strategy strategy, boolean ecs, Duration dnsTtl, Duration healthDetect,
        Map<String, Map<String, Double>> latencyMatrix, List<AnycastGraph.Link> anycastLinks) {
    public RoutingSpec {
        strategy = strategy == null ? Strategy.NEAREST : strategy;
        dnsTtl = dnsTtl == null ? Duration.ofSeconds(30) : Check.nonNegative("dns-ttl", dnsTtl);
        healthDetect = healthDetect == null ? Duration.ofSeconds(10) : Check.nonNegative("health-detect", healthDetect);
        latencyMatrix = latencyMatrix == null ? Map.of() : latencyMatrix;
        anycastLinks = anycastLinks == null ? List.of() : List.copyOf(anycastLinks);
        Check.that(strategy != Strategy.ANYCAST || !anycastLinks.isEmpty(), "anycast-links", "none",
                "anycast routing needs the link graph");
    }

    public static RoutingSpec defaults() {
        return new RoutingSpec(Strategy.NEAREST, true, Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of(), List.of());
    }
}
