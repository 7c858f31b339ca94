package dev.popnet.simulator.engine;

import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.routing.RendezvousHash;

/** One simulated edge server: its name (for ownership hashing) and its cache. */
final class EdgeNode {
    final String name;
    final long memberHash;
    final EvictionPolicy cache;

    EdgeNode(String name, EvictionPolicy cache) {
        this.name = name;
        this.memberHash = RendezvousHash.memberHash(name);
        this.cache = cache;
    }
}
