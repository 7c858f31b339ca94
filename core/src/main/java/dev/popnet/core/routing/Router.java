package dev.popnet.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Ranks PoPs for a client; the first candidate is the answer. Unhealthy PoPs are left out; when none is
 * healthy every PoP is ranked anyway (answering the nearest dead PoP beats answering nothing: clients
 * retry, and it is the first to come back). The DNS router and the simulator share this code.
 */
public final class Router {
    private final List<PopSite> pops;
    private final Strategy strategy;
    private final LatencyModel latency;
    private final Map<String, Map<String, Double>> latencyMatrix;
    private final AnycastGraph graph;

    public Router(List<PopSite> pops, Strategy strategy, LatencyModel latency,
            Map<String, Map<String, Double>> latencyMatrix, AnycastGraph graph) {
        this.pops = List.copyOf(pops);
        this.strategy = strategy;
        this.latency = latency;
        this.latencyMatrix = latencyMatrix == null ? Map.of() : latencyMatrix;
        this.graph = graph;
        if (strategy == Strategy.ANYCAST && (graph == null || graph.isEmpty())) {
            throw new IllegalArgumentException("anycast routing needs a graph of links");
        }
    }

    public Strategy strategy() {
        return strategy;
    }

    public List<PopSite> pops() {
        return pops;
    }

    /**
     * @param region   the client's region name (anycast graph node, latency matrix row); may be null
     * @param location where the client (or the resolver asking for it) is
     * @param tieKey   spreads clients across PoPs that rank equal, in proportion to their weight
     */
    public List<Candidate> rank(String region, GeoPoint location, HealthView health, long tieKey) {
        Map<String, Double> anycastCosts = strategy == Strategy.ANYCAST ? graph.costsFrom(region) : null;
        List<Candidate> healthy = new ArrayList<>();
        List<Candidate> all = new ArrayList<>();
        for (PopSite pop : pops) {
            double cost = switch (strategy) {
                case NEAREST -> location.distanceKm(pop.location());
                case LOWEST_LATENCY -> latencyMs(region, location, pop);
                case ANYCAST -> anycastCosts.getOrDefault(pop.name(), Double.POSITIVE_INFINITY);
            };
            Candidate c = new Candidate(pop, cost);
            all.add(c);
            if (health.healthy(pop.name()) && cost != Double.POSITIVE_INFINITY) {
                healthy.add(c);
            }
        }
        List<Candidate> ranked = healthy.isEmpty() ? all : healthy;
        ranked.sort(order(tieKey));
        return ranked;
    }

    /**
     * Load-aware ranking: PoPs that are healthy and not shed by {@code load} first; when every healthy PoP
     * is shed, the healthy ones (an overloaded PoP beats a dead one); when none is healthy, all of them.
     */
    public List<Candidate> rank(String region, GeoPoint location, HealthView health, HealthView load, long tieKey) {
        List<Candidate> ranked = rank(region, location, pop -> health.healthy(pop) && load.healthy(pop), tieKey);
        String first = ranked.get(0).pop().name();
        return health.healthy(first) && load.healthy(first) ? ranked : rank(region, location, health, tieKey);
    }

    /** RTT estimate from a client to a PoP: the matrix if it has the pair, else the latency model. */
    public double latencyMs(String region, GeoPoint location, PopSite pop) {
        Map<String, Double> row = region == null ? null : latencyMatrix.get(region);
        Double measured = row == null ? null : row.get(pop.name());
        return measured != null ? measured : latency.rttMs(location, pop.location());
    }

    /** Cost first; equal costs ordered by weighted rendezvous hashing of the tie key. */
    private static Comparator<Candidate> order(long tieKey) {
        return Comparator.comparingDouble(Candidate::cost)
                .thenComparingDouble(c -> -RendezvousHash.weightedScore(tieKey, c.pop().name(), c.pop().weight()))
                .thenComparing(c -> c.pop().name());
    }
}
