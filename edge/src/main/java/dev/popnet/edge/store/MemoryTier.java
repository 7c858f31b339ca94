package dev.popnet.edge.store;

import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.config.InvalidValue;
import dev.popnet.core.time.Ticker;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The memory tier: objects by primary key and Vary variant in shards chosen by the key's hash, each
 * bounded by its share of the bytes through its own {@link dev.popnet.core.cache.EvictionPolicy} (any
 * registered one, the same the simulator runs). There is no lock over the whole tier: a hit locks only
 * its key's shard, for a few map operations and one policy touch. Purges go through the indexes (the
 * primary key, the ordered path index, the surrogate-key index) and take each affected shard's lock
 * once per key, so a purge of many objects never stops the others.
 *
 * <p>A soft purge replaces each object by its {@code stale} copy: the next request revalidates it
 * (or serves it stale where its directives allow), as a CDN's soft purge does.
 */
public final class MemoryTier<V extends Storable> {
    /** Most shards: enough that 32 event loops rarely meet on one lock. */
    public static final int MAX_SHARDS = 64;
    private final Shard<V>[] shards;
    private final KeyIndex index = new KeyIndex();
    private final LongAdder evictions = new LongAdder();
    private final UnaryOperator<V> stale;

    /**
     * @param shards    a power of two; each holds {@code capacity / shards} bytes
     * @param stale     the copy of an object a soft purge leaves: stale, so the next request revalidates
     * @param evictedTo told of each object evicted, under its shard's lock (for demotion to another tier)
     */
    public MemoryTier(String policy, long capacity, int shards, Ticker ticker, UnaryOperator<V> stale, Consumer<V> evictedTo) {
        this(policy, capacity, shards, ticker, stale, evictedTo, o -> { });
    }

    /** @param removedTo also told of each object replaced or purged, under its shard's lock (to delete its file) */
    @SuppressWarnings("unchecked")
    public MemoryTier(String policy, long capacity, int shards, Ticker ticker, UnaryOperator<V> stale, Consumer<V> evictedTo,
            Consumer<V> removedTo) {
        if (Integer.bitCount(shards) != 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be a power of two up to " + MAX_SHARDS + ", got " + shards);
        }
        this.shards = new Shard[shards];
        for (int i = 0; i < shards; i++) {
            this.shards[i] = new Shard<>(PolicyRegistry.create(policy, capacity / shards, ticker), index, evictions, evictedTo, removedTo);
        }
        this.stale = stale;
    }

    /**
     * Refuses a capacity that direct memory cannot hold (bodies live off the Java heap, in direct memory,
     * with {@link OffHeap#RESERVE} kept beside them) or that exceeds the machine's RAM, before anything is
     * stored, rather than failing allocations once the store fills.
     */
    public static void checkFits(long capacity, long maxDirectMemory, long physicalMemory) {
        long room = maxDirectMemory - OffHeap.RESERVE;
        if (capacity > room) {
            throw new InvalidValue("capacity", capacity, "the memory tier keeps bodies in direct memory (off the Java heap), at most "
                    + maxDirectMemory + " bytes in this JVM, of which " + OffHeap.RESERVE + " are kept for network buffers, so it can hold "
                    + Math.max(0, room) + ": lower capacity, raise -XX:MaxDirectMemorySize (JAVA_OPTS; the launcher sets it from --capacity),"
                    + " or keep the rest in the disk tier (--disk)");
        }
        if (physicalMemory > 0 && capacity > physicalMemory) {
            throw new InvalidValue("capacity", capacity, "the machine has " + physicalMemory + " bytes of RAM: lower capacity, or keep the rest"
                    + " in the disk tier (--disk)");
        }
    }

    /**
     * The number of shards for a capacity: as many as {@link #MAX_SHARDS} allows while each shard can
     * still hold at least four of the largest objects (a shard cannot store what exceeds its share).
     */
    public static int shardsFor(long capacity, long maxObjectSize) {
        int n = 1;
        while (n < MAX_SHARDS && capacity / (n * 2L) >= 4 * maxObjectSize) {
            n *= 2;
        }
        return n;
    }

    /** The top bits of the mixed hash: the shard's maps index by the low ones, which must not be the same in a shard. */
    private Shard<V> shard(String primaryKey) {
        return shards[(primaryKey.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(MAX_SHARDS)) & (shards.length - 1)];
    }

    /** The variant {@code varyKeyFor} selects from the stored Vary, counted as an access; or null. */
    public V lookup(String primaryKey, Function<String, String> varyKeyFor) {
        return lookup(primaryKey, varyKeyFor, o -> { });
    }

    /** As {@link #lookup(String, Function)}, telling {@code found} of the object under its shard's lock (to take a reference it cannot lose). */
    public V lookup(String primaryKey, Function<String, String> varyKeyFor, Consumer<? super V> found) {
        return shard(primaryKey).lookup(primaryKey, varyKeyFor, found);
    }

    /** Whether any variant of the key is stored; no access is counted. */
    public boolean holds(String primaryKey) {
        return shard(primaryKey).holds(primaryKey);
    }

    /** Stores (or replaces) a variant; false when the policy declines it. */
    public boolean put(V o) {
        return shard(o.primaryKey()).put(o);
    }

    /** Every variant of one primary key; O(1). */
    public int purgeKey(String primaryKey, boolean soft) {
        Shard<V> s = shard(primaryKey);
        return soft ? s.replaceAll(primaryKey, stale) : s.remove(primaryKey).size();
    }

    /** What a purge by URL names: the key itself, and the same path and query on every host that {@code keys} accepts. */
    public int purgeUrl(String primaryKey, Predicate<String> keys, boolean soft) {
        int n = keys.test(primaryKey) ? purgeKey(primaryKey, soft) : 0;
        for (String k : index.withPath(new CacheKey(primaryKey).pathAndQuery())) {
            if (!k.equals(primaryKey) && keys.test(k)) {
                n += purgeKey(k, soft);
            }
        }
        return n;
    }

    /** Every key whose path and query starts with {@code prefix} (and {@code keys} accepts), through the ordered index. */
    public int purgePrefix(String prefix, Predicate<String> keys, boolean soft) {
        return purgeAll(index.withPrefix(prefix), keys, soft);
    }

    /** Every key with this surrogate key (and {@code keys} accepts), through the inverted index. */
    public int purgeSurrogateKey(String tag, Predicate<String> keys, boolean soft) {
        return purgeAll(index.withTag(tag), keys, soft);
    }

    /** For matches no index answers: scans each shard in turn (never all at once) and removes every variant of the keys found. */
    public int purgeMatching(Predicate<? super V> match) {
        int n = 0;
        for (Shard<V> s : shards) {
            for (String k : s.keysMatching(match)) {
                n += s.remove(k).size();
            }
        }
        return n;
    }

    /**
     * Lets every object go, each through {@code removedTo}, and empties the indexes, for a tier being closed:
     * it is not used afterwards. (400k objects took 7.9 s through the purge path, which keeps policy and
     * indexes exact key by key.)
     */
    public void releaseAll() {
        for (Shard<V> s : shards) {
            s.releaseAll();
        }
        index.clear();
    }

    private int purgeAll(List<String> found, Predicate<String> keys, boolean soft) {
        int n = 0;
        for (String k : found) {
            if (keys.test(k)) {
                n += purgeKey(k, soft);
            }
        }
        return n;
    }

    public long bytes() {
        long b = 0;
        for (Shard<V> s : shards) {
            b += s.bytes();
        }
        return b;
    }

    public int count() {
        int n = 0;
        for (Shard<V> s : shards) {
            n += s.count();
        }
        return n;
    }

    /** Primary keys the Vary indexes hold (never more than the objects stored). */
    public int indexedKeys() {
        int n = 0;
        for (Shard<V> s : shards) {
            n += s.keys();
        }
        return n;
    }

    public KeyIndex index() {
        return index;
    }

    public int shards() {
        return shards.length;
    }

    public long evictions() {
        return evictions.sum();
    }

    public long capacity() {
        long c = 0;
        for (Shard<V> s : shards) {
            c += s.capacity();
        }
        return c;
    }

    public String policyName() {
        return shards[0].policyName();
    }

    /** Checks each shard, then that the purge indexes list exactly the keys stored. */
    public void checkInvariants() {
        for (Shard<V> s : shards) {
            s.checkInvariants();
        }
        if (index.size() != indexedKeys()) {
            throw new IllegalStateException("the path index lists " + index.size() + " keys, the shards hold " + indexedKeys());
        }
    }
}
