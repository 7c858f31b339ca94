package dev.popnet.core.cache;

/** Builds a policy for a capacity, counted as the mode says. */
@FunctionalInterface
public interface PolicyFactory {
    EvictionPolicy create(long capacity, CapacityMode mode);
}
