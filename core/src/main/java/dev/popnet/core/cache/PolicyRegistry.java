package dev.popnet.core.cache;

import dev.popnet.core.cache.policy.ArcPolicy;
import dev.popnet.core.cache.policy.BeladyPolicy;
import dev.popnet.core.cache.policy.CaffeinePolicy;
import dev.popnet.core.cache.policy.ClockPolicy;
import dev.popnet.core.cache.policy.FifoPolicy;
import dev.popnet.core.cache.policy.GdsfPolicy;
import dev.popnet.core.cache.policy.LfuPolicy;
import dev.popnet.core.cache.policy.LruPolicy;
import dev.popnet.core.cache.policy.S3FifoPolicy;
import dev.popnet.core.cache.policy.SievePolicy;
import dev.popnet.core.time.Ticker;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Every eviction policy by name: the one place the edge, the simulator and the CLI look policies up. */
public final class PolicyRegistry {
    /** Builds a policy for a capacity; the ticker matters only to policies that read time (Caffeine). */
    @FunctionalInterface
    public interface Factory {
        EvictionPolicy create(long capacity, Ticker ticker);
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("opt", "belady", "caffeine", "wtinylfu", "w-tinylfu", "wtinylfu",
            "s3-fifo", "s3fifo");

    static {
        FACTORIES.put("lru", (c, t) -> new LruPolicy(c));
        FACTORIES.put("fifo", (c, t) -> new FifoPolicy(c));
        FACTORIES.put("lfu", (c, t) -> new LfuPolicy(c));
        FACTORIES.put("clock", (c, t) -> new ClockPolicy(c));
        FACTORIES.put("sieve", (c, t) -> new SievePolicy(c));
        FACTORIES.put("s3fifo", (c, t) -> new S3FifoPolicy(c));
        FACTORIES.put("arc", (c, t) -> new ArcPolicy(c));
        FACTORIES.put("gdsf", (c, t) -> new GdsfPolicy(c));
        FACTORIES.put("wtinylfu", CaffeinePolicy::new);
        FACTORIES.put("belady", (c, t) -> new BeladyPolicy(c));
    }

    private PolicyRegistry() {
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(FACTORIES.keySet());
    }

    /** The registered name for a name or alias, or throws with the list of known names. */
    public static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String resolved = ALIASES.getOrDefault(lower, lower);
        if (!FACTORIES.containsKey(resolved)) {
            throw new IllegalArgumentException("unknown eviction policy '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return resolved;
    }

    public static EvictionPolicy create(String name, long capacity, Ticker ticker) {
        Factory factory = FACTORIES.get(canonical(name));
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        return factory.create(capacity, ticker);
    }

    /** Offline policies (Belady) need each request's next access time; see {@code OfflinePolicy}. */
    public static boolean isOffline(String name) {
        return canonical(name).equals("belady");
    }
}
