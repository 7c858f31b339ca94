package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionPolicy;

/** A policy that needs to know the future: before each request it is told when that object is asked for next. */
public interface OfflinePolicy extends EvictionPolicy {
    /** Time (or request index) of the next request for the same object, or {@link Long#MAX_VALUE} for never. */
    void nextAccess(long when);
}
