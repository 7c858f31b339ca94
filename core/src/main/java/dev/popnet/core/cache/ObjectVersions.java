package dev.popnet.core.cache;

/**
 * Objects that get a new version every {@code every} nanoseconds, each on its own phase (so a class of
 * objects does not change all at once): the simulator's origin and the real origin's synthetic objects
 * tell versions apart with this one formula, so a run of either sees the same changes at the same times.
 */
public final class ObjectVersions {
    private ObjectVersions() {
    }

    /** The version of object {@code id} at {@code nanos}; 0 for objects that never change ({@code every} 0). */
    public static long at(long id, long everyNanos, long nanos) {
        if (everyNanos <= 0) {
            return 0;
        }
        long phase = Math.floorMod(id * 0x9E3779B97F4A7C15L, everyNanos);
        return Math.floorDiv(nanos + phase, everyNanos);
    }
}
