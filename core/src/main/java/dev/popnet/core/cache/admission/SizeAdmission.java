package dev.popnet.core.cache.admission;

import dev.popnet.core.cache.EvictionPolicy;

/** Admits objects smaller than a threshold (libCacheSim's size admission): big objects would push out many small ones. */
public final class SizeAdmission implements AdmissionFilter {
    private final long limit;

    public SizeAdmission(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("size admission needs a positive max, got " + limit);
        }
        this.limit = limit;
    }

    @Override
    public String name() {
        return "size(max=" + limit + ")";
    }

    @Override
    public boolean admit(long key, long weight, EvictionPolicy cache) {
        return weight < limit;
    }
}
