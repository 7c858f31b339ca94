package dev.popnet.simulator.scenario;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.config.Check;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.config.InvalidValue;
import dev.popnet.simulator.workload.WorkloadSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A whole simulated CDN run; see configs/scenarios/*.yaml for every key.
 *
 * @param requests       requests to simulate (for a trace: 0 means the whole trace)
 * @param duration       virtual time to simulate instead of (or as well as) a request count; the run stops at whichever comes first
 * @param warmupFraction share of the first requests that warm caches but are left out of results
 * @param buckets        points in the time series of the report
 * @param edge           what each edge node can do (cores, CPU costs, queue) and how it caches
 */
public record Scenario(String name, long seed, long requests, Duration duration, double warmupFraction, CapacityMode capacityMode,
        RoutingSpec routing, NetworkSpec network, OriginSpec origin, List<PopSpec> pops, List<RegionSpec> regions,
        WorkloadSpec workload, List<EventSpec> events, AutoscaleSpec autoscale, int buckets, EdgeSpec edge) {

    public Scenario {
        Check.present("name", name);
        Check.nonNegative("requests", requests);
        Check.that(duration == null || !duration.isNegative() && !duration.isZero(), "duration", duration, "must be positive");
        Check.that(warmupFraction >= 0 && warmupFraction < 1, "warmup-fraction", warmupFraction, "must be in [0, 1)");
        capacityMode = capacityMode == null ? CapacityMode.BYTES : capacityMode;
        routing = routing == null ? RoutingSpec.defaults() : routing;
        network = network == null ? NetworkSpec.defaults() : network;
        Check.present("origin", origin);
        Check.that(pops != null && !pops.isEmpty(), "pops", pops, "needs at least one PoP");
        Check.that(regions != null && !regions.isEmpty(), "regions", regions, "needs at least one client region");
        workload = workload == null ? WorkloadSpec.defaults() : workload;
        Check.that(requests > 0 || duration != null || workload.trace() != null, "requests", requests,
                "give requests or duration for a synthetic workload");
        events = events == null ? List.of() : List.copyOf(events);
        autoscale = autoscale == null ? AutoscaleSpec.off() : autoscale;
        buckets = buckets == 0 ? 60 : buckets;
        Check.that(buckets >= 2, "buckets", buckets, "must be at least 2");
        edge = edge == null ? EdgeSpec.defaults() : edge;
        Set<String> names = new HashSet<>();
        for (PopSpec p : pops) {
            Check.that(names.add(p.name()), "pops", p.name(), "PoP names must be unique");
        }
        for (PopSpec p : pops) {
            if (p.parent() != null && (!names.contains(p.parent()) || p.parent().equals(p.name()))) {
                throw new InvalidValue("pops." + p.name() + ".parent", p.parent(), "must name another PoP");
            }
        }
        for (EventSpec e : events) {
            if (e.pop() != null && !names.contains(e.pop())) {
                throw new InvalidValue("events.pop", e.pop(), "no such PoP");
            }
        }
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, requests, duration, warmupFraction, capacityMode, routing, network, origin, pops, regions,
                workload, events, autoscale, buckets, edge);
    }

    public Scenario withRequests(long newRequests) {
        return new Scenario(name, seed, newRequests, duration, warmupFraction, capacityMode, routing, network, origin, pops, regions,
                workload, events, autoscale, buckets, edge);
    }

    public Scenario withWorkload(WorkloadSpec newWorkload) {
        return new Scenario(name, seed, requests, duration, warmupFraction, capacityMode, routing, network, origin, pops, regions,
                newWorkload, events, autoscale, buckets, edge);
    }

    public Scenario withWarmupFraction(double fraction) {
        return new Scenario(name, seed, requests, duration, fraction, capacityMode, routing, network, origin, pops, regions,
                workload, events, autoscale, buckets, edge);
    }

    /** Every PoP with this policy and/or per-edge capacity (null keeps each PoP's own). */
    public Scenario withCaches(String policy, Long capacity) {
        List<PopSpec> changed = pops.stream().map(p -> new PopSpec(p.name(), p.location(), p.edges(),
                capacity == null ? p.capacity() : capacity, policy == null ? p.policy() : policy, p.parent(), p.weight())).toList();
        return new Scenario(name, seed, requests, duration, warmupFraction, capacityMode, routing, network, origin, changed, regions,
                workload, events, autoscale, buckets, edge);
    }

    /** Every PoP with this many edges. */
    public Scenario withEdges(int edges) {
        List<PopSpec> changed = pops.stream().map(p -> new PopSpec(p.name(), p.location(), edges, p.capacity(), p.policy(), p.parent(),
                p.weight())).toList();
        return new Scenario(name, seed, requests, duration, warmupFraction, capacityMode, routing, network, origin, changed, regions,
                workload, events, autoscale, buckets, edge);
    }

    public Scenario withEvents(List<EventSpec> newEvents) {
        return new Scenario(name, seed, requests, duration, warmupFraction, capacityMode, routing, network, origin, pops, regions,
                workload, newEvents, autoscale, buckets, edge);
    }

    public static Scenario load(Path file) {
        return ConfigLoader.load(Scenario.class, file);
    }
}
