package dev.popnet.simulator.engine;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.routing.PopSite;
import dev.popnet.core.routing.RendezvousHash;
import dev.popnet.core.time.Ticker;
import dev.popnet.simulator.scenario.EdgeSpec;
import dev.popnet.simulator.scenario.PopSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated PoP: its edges, each key owned by one edge (rendezvous hashing over live edges, as the
 * live Hazelcast PoP does), so the PoP stores each object once; its uplink (the backbone link its
 * fills cross); and the running totals its utilisation is read from.
 */
final class PopNode {
    final PopSpec spec;
    final PopSite site;
    final int index;
    final PopMetrics metrics = new PopMetrics();
    /** The backbone link that fills from the parent PoP or the origin cross, first come first served. */
    final Resource uplink = new Resource(1);
    private final Ticker ticker;
    private final EdgeSpec edgeSpec;
    private final CacheMachine.Settings settings;
    private final CapacityMode mode;
    private final StoredTable.Heads heads;
    private final List<EdgeNode> edges = new ArrayList<>();
    private long[] hashes = new long[0];
    private int edgeSerial;
    PopNode parent;
    /** Half the round trip to the parent PoP and to the origin, in nanoseconds. */
    long parentHalfRttNanos;
    long originHalfRttNanos;
    /** Actually serving. */
    boolean up = true;
    /** What the health checks (and so DNS and BGP) currently believe. */
    boolean seenHealthy = true;
    /** Edge utilisation over the last sampling interval: what a load-aware ranking would read. */
    double load;
    /** Core time of edges that left (removed, or lost with the PoP's power). */
    private long retiredBusy;
    private double capacityNanos;
    private long accruedTo;

    PopNode(PopSpec spec, int index, Ticker ticker, EdgeSpec edgeSpec, CapacityMode mode, StoredTable.Heads heads) {
        this.spec = spec;
        this.index = index;
        this.ticker = ticker;
        this.edgeSpec = edgeSpec;
        this.mode = mode;
        this.heads = heads;
        this.settings = new CacheMachine.Settings(edgeSpec.heuristicCap().toSeconds(), edgeSpec.maxObjectBytes(), edgeSpec.coalesce(),
                CacheMachine.Settings.DEFAULTS.passMemoryMillis());
        this.site = new PopSite(spec.name(), spec.location(), List.of(), spec.weight());
        for (int i = 0; i < spec.edges(); i++) {
            addEdge(0);
        }
    }

    EdgeNode owner(long key) {
        return edges.get(RendezvousHash.ownerIndex(key, hashes));
    }

    int edgeCount() {
        return edges.size();
    }

    /** A new, cold edge; from {@code now} it owns the keys it wins. */
    void addEdge(long now) {
        accrue(now);
        edges.add(new EdgeNode(spec.name() + "-e" + (++edgeSerial), this, PolicyRegistry.create(spec.policy(), spec.capacity(), ticker),
                edgeSpec.cores(), settings, mode, heads));
        rehash();
    }

    /** The newest edge leaves; it finishes what it has queued, and its keys move to the others. */
    void removeEdge(long now) {
        accrue(now);
        retiredBusy += edges.remove(edges.size() - 1).cpu.busyNanos();
        rehash();
    }

    /** A PoP that loses power loses its memory caches and what was in flight. */
    void wipe(long now) {
        int n = edges.size();
        accrue(now);
        for (EdgeNode e : edges) {
            e.alive = false;
            retiredBusy += e.cpu.workedBy(now);
        }
        edges.clear();
        edgeSerial = 0;
        for (int i = 0; i < n; i++) {
            addEdge(now);
        }
    }

    private void rehash() {
        hashes = edges.stream().mapToLong(e -> e.memberHash).toArray();
    }

    /** Core time the PoP's edges have worked by {@code now}. */
    long workedBy(long now) {
        long worked = retiredBusy;
        for (EdgeNode e : edges) {
            worked += e.cpu.workedBy(now);
        }
        return worked;
    }

    /** Core-nanoseconds the PoP's edges have offered up to {@code now}. */
    double capacityNanos(long now) {
        accrue(now);
        return capacityNanos;
    }

    private void accrue(long now) {
        if (now > accruedTo) {
            capacityNanos += (double) edges.size() * edgeSpec.cores() * (now - accruedTo);
            accruedTo = now;
        }
    }

    void checkInvariants() {
        edges.forEach(EdgeNode::checkInvariants);
    }

    long residentBytes() {
        return edges.stream().mapToLong(e -> e.cache.usedWeight()).sum();
    }

    List<EdgeNode> edges() {
        return edges;
    }
}
