package dev.popnet.core.cache.admission;

import dev.popnet.core.cache.EvictionPolicy;

/**
 * Decides, on a miss, whether an object may enter the cache at all, in front of any eviction policy
 * ({@link AdmittedPolicy}). Filters see every request, so frequency-based ones can count.
 */
public interface AdmissionFilter {
    /** Registry name with its parameters, e.g. {@code size(max=1MiB)}. */
    String name();

    /** Every request, hit or miss, before the policy sees it. */
    default void requested(long key, long weight) {
    }

    /** Whether the missed object may be admitted into {@code cache}. */
    boolean admit(long key, long weight, EvictionPolicy cache);
}
