package dev.popnet.simulator.scenario;

import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.config.Check;
import dev.popnet.core.routing.GeoPoint;

/**
 * A PoP in a scenario: where it is, how many edge nodes it has, and each edge's cache.
 *
 * @param capacity per edge: bytes in byte mode (units allowed, "256MiB"), objects in object mode
 * @param parent   name of a shield PoP that misses go to before the origin, or null
 */
public record PopSpec(String name, GeoPoint location, int edges, long capacity, String policy, String parent, double weight) {
    public PopSpec {
        Check.present("name", name);
        Check.present("location", location);
        edges = edges == 0 ? 1 : edges;
        Check.that(edges >= 1, "edges", edges, "must be at least 1");
        Check.positive("capacity", capacity);
        policy = policy == null ? "lru" : policy;
        try {
            policy = PolicyRegistry.canonical(policy);
        } catch (IllegalArgumentException e) {
            throw new dev.popnet.core.config.InvalidValue("policy", policy, e.getMessage());
        }
        Check.that(!PolicyRegistry.isOffline(policy), "policy", policy,
                "needs each request's next access, known only when replaying one cache: use popnet simulate --replay");
        weight = weight == 0 ? 1 : weight;
    }
}
