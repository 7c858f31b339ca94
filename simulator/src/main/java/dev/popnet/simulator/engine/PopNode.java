package dev.popnet.simulator.engine;

import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.routing.PopSite;
import dev.popnet.core.routing.RendezvousHash;
import dev.popnet.core.time.Ticker;
import dev.popnet.simulator.scenario.PopSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated PoP: its edges, each key owned by one edge (rendezvous hashing over live edges, as the
 * live Hazelcast PoP does), so the PoP stores each object once.
 */
final class PopNode {
    final PopSpec spec;
    final PopSite site;
    final int index;
    final PopMetrics metrics = new PopMetrics();
    private final Ticker ticker;
    private final List<EdgeNode> edges = new ArrayList<>();
    private long[] hashes = new long[0];
    private int edgeSerial;
    PopNode parent;
    /** Actually serving. */
    boolean up = true;
    /** What the health checks (and so DNS and BGP) currently believe. */
    boolean seenHealthy = true;
    long windowRequests;

    PopNode(PopSpec spec, int index, Ticker ticker) {
        this.spec = spec;
        this.index = index;
        this.ticker = ticker;
        this.site = new PopSite(spec.name(), spec.location(), List.of(), spec.weight());
        for (int i = 0; i < spec.edges(); i++) {
            addEdge();
        }
    }

    EdgeNode owner(long key) {
        return edges.get(RendezvousHash.ownerIndex(key, hashes));
    }

    int edgeCount() {
        return edges.size();
    }

    void addEdge() {
        edges.add(new EdgeNode(spec.name() + "-e" + (++edgeSerial), PolicyRegistry.create(spec.policy(), spec.capacity(), ticker)));
        rehash();
    }

    void removeEdge() {
        edges.remove(edges.size() - 1);
        rehash();
    }

    /** A PoP that loses power loses its memory caches. */
    void wipe() {
        int n = edges.size();
        edges.clear();
        edgeSerial = 0;
        for (int i = 0; i < n; i++) {
            addEdge();
        }
    }

    private void rehash() {
        hashes = edges.stream().mapToLong(e -> e.memberHash).toArray();
    }

    void checkInvariants() {
        edges.forEach(e -> e.cache.checkInvariants());
    }

    long residentBytes() {
        return edges.stream().mapToLong(e -> e.cache.usedWeight()).sum();
    }
}
