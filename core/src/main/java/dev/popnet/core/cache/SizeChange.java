package dev.popnet.core.cache;

import java.util.Locale;

/** What a request means when its object's size differs from the size the cache holds. */
public enum SizeChange {
    /** A new version: the old one is dropped and the request is a miss that admits the new size (popnet's edge does this). */
    NEW_VERSION,
    /** The same object: a hit that keeps the size first admitted (libCacheSim does this). */
    KEEP;

    /** One request through the policy; true on a hit. */
    public boolean access(EvictionPolicy policy, long key, long weight, EvictionListener evicted) {
        if (this == NEW_VERSION) {
            long resident = policy.weightOf(key);
            if (resident >= 0 && resident != weight) {
                policy.remove(key);
            }
        }
        if (policy.touch(key, evicted)) {
            return true;
        }
        policy.admit(key, weight, evicted);
        return false;
    }

    /** The setting's name: {@code new-version} or {@code keep}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SizeChange named(String name) {
        for (SizeChange s : values()) {
            if (s.label().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("size-change must be new-version or keep, got '" + name + "'");
    }
}
