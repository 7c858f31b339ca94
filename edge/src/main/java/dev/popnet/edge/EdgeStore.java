package dev.popnet.edge;

import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.Headers;
import dev.popnet.core.time.Ticker;
import dev.popnet.edge.cluster.PurgeRequest;
import dev.popnet.edge.store.MemoryTier;
import java.util.function.Predicate;

/**
 * The edge's store: stored responses by primary key and Vary variant (§4.1), bounded by bytes through an
 * {@link dev.popnet.core.cache.EvictionPolicy} (the Caffeine library by default), the same policies the
 * simulator runs. It is sharded by key ({@link MemoryTier}), and every purge goes through an index.
 */
final class EdgeStore {
    private final MemoryTier<StoredObject> memory;

    EdgeStore(EdgeConfig config, Ticker ticker) {
        this(config.policy(), config.capacity(), MemoryTier.shardsFor(config.capacity(), config.maxObjectSize()), ticker);
    }

    EdgeStore(String policyName, long capacity, Ticker ticker) {
        this(policyName, capacity, 1, ticker);
    }

    private EdgeStore(String policyName, long capacity, int shards, Ticker ticker) {
        this.memory = new MemoryTier<>(policyName, capacity, shards, ticker, StoredObject::expired, o -> { });
    }

    /** The stored variant that matches the request's Vary headers (§4.1), counted as an access; or null. */
    StoredObject lookup(String primaryKey, Headers request) {
        return memory.lookup(primaryKey, vary -> CacheRules.varyKey(vary, request));
    }

    /**
     * Stores (or replaces) a variant; returns false when the policy declines it. A response whose Vary
     * differs from the stored ones replaces them all: lookups would never select them again.
     */
    boolean put(StoredObject o) {
        return memory.put(o);
    }

    /** Every variant of one primary key (§4.4 invalidation); returns how many objects went. */
    int purgeKey(String primaryKey) {
        return memory.purgeKey(primaryKey, false);
    }

    /** A purge request, limited to the keys {@code keys} accepts (a site's); soft ones leave the objects stale. */
    int purge(PurgeRequest what, Predicate<String> keys) {
        return switch (what.kind()) {
            case URL -> memory.purgeUrl(what.value(), keys, what.soft());
            case PREFIX -> memory.purgePrefix(what.value(), keys, what.soft());
            case SURROGATE_KEY -> memory.purgeSurrogateKey(what.value(), keys, what.soft());
        };
    }

    /** Removes every variant of the keys of matching objects, scanning shard by shard; for matches no index answers. */
    int purge(Predicate<StoredObject> match) {
        return memory.purgeMatching(match);
    }

    long bytes() {
        return memory.bytes();
    }

    int count() {
        return memory.count();
    }

    /** Primary keys the Vary index holds (never more than the objects stored). */
    int indexedKeys() {
        return memory.indexedKeys();
    }

    /** Entries of the purge indexes: keys by path, and surrogate keys. */
    int purgeIndexEntries() {
        return memory.index().size() + memory.index().tags();
    }

    int shards() {
        return memory.shards();
    }

    long evictions() {
        return memory.evictions();
    }

    long capacity() {
        return memory.capacity();
    }

    String policyName() {
        return memory.policyName();
    }

    void checkInvariants() {
        memory.checkInvariants();
    }
}
