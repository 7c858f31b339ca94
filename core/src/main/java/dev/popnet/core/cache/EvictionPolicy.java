package dev.popnet.core.cache;

/**
 * Decides which objects stay resident within a capacity. Keys are 64-bit ids (the simulator's object
 * ids, or the 64-bit hash of the cache key on the edge); weights are 1 in {@link CapacityMode#OBJECTS} mode and
 * bytes in {@link CapacityMode#BYTES} mode. The edge and the simulator drive the same implementations.
 *
 * <p>A request is {@link #touch} (a hit updates the policy; a miss is remembered, e.g. as a ghost hit),
 * then, on a miss, {@link #admit} once the object is at hand. A caller that learns of a miss some other
 * way may call {@link #admit} alone: the policy then records the miss itself.
 *
 * <p>Implementations are single-threaded; callers serialise access.
 */
public interface EvictionPolicy {
    /** {@link #peekVictim()} when the policy cannot name its next victim without evicting. */
    long NO_KEY = Long.MIN_VALUE;

    /** Registry name, e.g. {@code "lru"}. */
    String name();

    /**
     * Records a request for {@code key}; returns true when it is resident (a hit). Some policies move
     * objects between their queues on a hit and may evict while doing so; those go to {@code evicted}.
     */
    boolean touch(long key, EvictionListener evicted);

    /**
     * Inserts a key that is not resident. The policy may decline it (admission, or weight above what it
     * can hold); every object evicted to make room is reported to {@code evicted}.
     *
     * @return true when the key is now resident
     */
    boolean admit(long key, long weight, EvictionListener evicted);

    /** Removes a key (purge, invalidation, size change), with any ghost of it; returns whether it was resident. */
    boolean remove(long key);

    /** Weight of a resident key, or -1 when absent. Does not count as an access. */
    long weightOf(long key);

    long capacity();

    long usedWeight();

    int residentCount();

    /** {@link #entryOf} of a policy that does not number its entries. */
    int NO_ENTRIES = -2;

    /**
     * The number under which the policy keeps a resident key's entry (small and dense, the key's for as
     * long as it stays resident, handed to another key once it leaves), -1 when the key is not
     * resident, or {@link #NO_ENTRIES} from a policy that does not number its entries. A caller may keep
     * its own data per entry in arrays indexed by it instead of a map of its own. Not an access.
     */
    default int entryOf(long key) {
        return NO_ENTRIES;
    }

    /** The key the policy would evict next, or {@link #NO_KEY}; for admission filters that compare against the victim. */
    default long peekVictim() {
        return NO_KEY;
    }

    /** Throws {@link IllegalStateException} when internal accounting is broken (e.g. weight above capacity). */
    void checkInvariants();

    /**
     * One request as the simulator sees it: a hit, or a miss that admits the object. An object whose
     * weight changed since it was admitted is a new version ({@link SizeChange#NEW_VERSION}).
     *
     * @return true on a hit
     */
    default boolean access(long key, long weight, EvictionListener evicted) {
        return SizeChange.NEW_VERSION.access(this, key, weight, evicted);
    }
}
