package dev.popnet.core.cache;

/** Told about every object a policy evicts, so stores can drop the bytes and reports can count. */
@FunctionalInterface
public interface EvictionListener {
    EvictionListener NONE = (key, weight) -> { };

    void evicted(long key, long weight);
}
