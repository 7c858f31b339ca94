package dev.popnet.core.cache;

/** What a cache capacity counts. */
public enum CapacityMode {
    /** Capacity is a number of objects; every object weighs 1. */
    OBJECTS,
    /** Capacity is bytes; an object weighs its size. */
    BYTES;

    public long weight(long sizeBytes) {
        return this == OBJECTS ? 1 : sizeBytes;
    }
}
