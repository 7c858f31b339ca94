package dev.popnet.simulator.engine;

import dev.popnet.core.routing.Router;
import dev.popnet.core.routing.Strategy;
import dev.popnet.simulator.scenario.RegionSpec;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A client region and how its requests find a PoP. Geo DNS: each of its two resolvers (the local one
 * and, for some clients, a distant public one) caches its answer for the TTL; without ECS the answer
 * is steered by where the resolver is. Anycast: the catchment follows the routing graph, recomputed
 * when health (announcements) change.
 */
final class Region {
    final RegionSpec spec;
    final int index;
    /** RTT in ms to each PoP (matrix or model). */
    final double[] rttMs;
    /** Half of each RTT in nanoseconds: how long a request takes to reach the PoP, and its answer to come back. */
    final long[] halfRttNanos;
    private final PopNode[] resolverAnswer = new PopNode[2];
    private final long[] resolverExpiry = new long[2];
    private final List<PopNode> pops;
    private PopNode anycastCatchment;
    private int nearestUp;

    Region(RegionSpec spec, int index, List<PopNode> pops, Router router) {
        this.spec = spec;
        this.index = index;
        this.rttMs = pops.stream().mapToDouble(p -> router.latencyMs(spec.name(), spec.location(), p.site)).toArray();
        this.halfRttNanos = java.util.Arrays.stream(rttMs).mapToLong(ms -> Math.round(ms * 1e6 / 2)).toArray();
        this.pops = pops;
        this.nearestUp = nearestUpNow();
    }

    PopNode route(Simulation sim, SplittableRandom random) {
        if (sim.scenario().routing().strategy() == Strategy.ANYCAST) {
            if (anycastCatchment == null) {
                anycastCatchment = sim.answer(this, spec.location(), 0);
            }
            return anycastCatchment;
        }
        int resolver = spec.publicResolverShare() > 0 && random.nextDouble() < spec.publicResolverShare() ? 1 : 0;
        if (resolverAnswer[resolver] == null || sim.now() >= resolverExpiry[resolver]) {
            boolean steerByClient = sim.scenario().routing().ecs() || resolver == 0;
            var asking = steerByClient ? spec.location() : spec.publicResolver();
            resolverAnswer[resolver] = sim.answer(this, asking, index * 2L + resolver);
            resolverExpiry[resolver] = sim.now() + sim.scenario().routing().dnsTtl().toNanos();
        }
        return resolverAnswer[resolver];
    }

    /** Index of the lowest-RTT PoP that is actually up (-1: none), for routing accuracy. */
    int nearestUp() {
        return nearestUp;
    }

    /** Worked out when health changes rather than on the next request: a branch taken only after an outage would recompile the run. */
    private int nearestUpNow() {
        int nearest = -1;
        double best = Double.MAX_VALUE;
        for (PopNode p : pops) {
            if (p.up && rttMs[p.index] < best) {
                best = rttMs[p.index];
                nearest = p.index;
            }
        }
        return nearest;
    }

    void healthChanged() {
        anycastCatchment = null;
        nearestUp = nearestUpNow();
    }
}
