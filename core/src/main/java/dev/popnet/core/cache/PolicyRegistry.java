package dev.popnet.core.cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Every eviction policy by name: the one place the edge, the simulator and the CLI look policies up. */
public final class PolicyRegistry {
    private static final Map<String, PolicyFactory> FACTORIES = new LinkedHashMap<>();

    static {
        register("lru", LruPolicy::new);
    }

    private PolicyRegistry() {
    }

    private static void register(String name, PolicyFactory factory) {
        FACTORIES.put(name, factory);
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(FACTORIES.keySet());
    }

    public static EvictionPolicy create(String name, long capacity, CapacityMode mode) {
        PolicyFactory factory = FACTORIES.get(name.toLowerCase(java.util.Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException("unknown eviction policy '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        return factory.create(capacity, mode);
    }
}
