package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionPolicy;

/** A policy that needs to know the future: before each request it is told when that object is asked for next. */
public interface OfflinePolicy extends EvictionPolicy {
    /** Position of the next request for the same object (any increasing count), or {@link Long#MAX_VALUE} for never. */
    void nextAccess(long when);
}
