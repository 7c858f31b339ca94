package dev.popnet.core.cache;

import dev.popnet.core.cache.policy.ArcPolicy;
import dev.popnet.core.cache.policy.BeladyPolicy;
import dev.popnet.core.cache.policy.BeladySizePolicy;
import dev.popnet.core.cache.policy.CaffeinePolicy;
import dev.popnet.core.cache.policy.ClockPolicy;
import dev.popnet.core.cache.policy.FifoPolicy;
import dev.popnet.core.cache.policy.GdsfPolicy;
import dev.popnet.core.cache.policy.HyperbolicPolicy;
import dev.popnet.core.cache.policy.LeCaRPolicy;
import dev.popnet.core.cache.policy.LfuPolicy;
import dev.popnet.core.cache.policy.LfudaPolicy;
import dev.popnet.core.cache.policy.LirsPolicy;
import dev.popnet.core.cache.policy.LruPolicy;
import dev.popnet.core.cache.policy.OfflinePolicy;
import dev.popnet.core.cache.policy.RandomPolicy;
import dev.popnet.core.cache.policy.S3FifoPolicy;
import dev.popnet.core.cache.policy.SievePolicy;
import dev.popnet.core.cache.policy.SlruPolicy;
import dev.popnet.core.cache.policy.TwoQPolicy;
import dev.popnet.core.cache.policy.WTinyLfuPolicy;
import dev.popnet.core.time.Ticker;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every eviction policy by name: the one place the edge, the simulator and the CLI look policies up. A
 * policy is named alone ({@code s3fifo}) or with parameters ({@code s3fifo(ghost=1.0,small=0.1)}); each
 * policy's name reads back as the spec that builds it.
 */
public final class PolicyRegistry {
    /** Builds a policy for a capacity; the ticker matters only to policies that read time (Caffeine). */
    @FunctionalInterface
    public interface Factory {
        EvictionPolicy create(long capacity, Ticker ticker, PolicySpec params);
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("opt", "belady", "w-tinylfu", "wtinylfu", "s3-fifo", "s3fifo",
            "twoq", "2q", "beladysize", "belady-size", "clock-k", "clock");

    static {
        FACTORIES.put("lru", (c, t, p) -> new LruPolicy(c));
        FACTORIES.put("fifo", (c, t, p) -> new FifoPolicy(c));
        FACTORIES.put("clock", (c, t, p) -> new ClockPolicy(c, p.integer("bits", 1)));
        FACTORIES.put("sieve", (c, t, p) -> new SievePolicy(c));
        FACTORIES.put("lfu", (c, t, p) -> new LfuPolicy(c));
        FACTORIES.put("lfuda", (c, t, p) -> new LfudaPolicy(c));
        FACTORIES.put("gdsf", (c, t, p) -> new GdsfPolicy(c));
        FACTORIES.put("arc", (c, t, p) -> new ArcPolicy(c));
        FACTORIES.put("s3fifo", (c, t, p) -> new S3FifoPolicy(c, p.number("small", 0.1), p.number("ghost", 0.9), p.integer("threshold", 2)));
        FACTORIES.put("2q", (c, t, p) -> new TwoQPolicy(c, p.number("in", 0.25), p.number("out", 0.5)));
        FACTORIES.put("slru", (c, t, p) -> new SlruPolicy(c, p.integer("segments", 4)));
        FACTORIES.put("lirs", (c, t, p) -> new LirsPolicy(c));
        FACTORIES.put("wtinylfu", (c, t, p) -> new WTinyLfuPolicy(c, p.number("window", 0.01), p.integer("seed", 0)));
        FACTORIES.put("lecar", (c, t, p) -> new LeCaRPolicy(c, p.integer("seed", 0)));
        FACTORIES.put("hyperbolic", (c, t, p) -> new HyperbolicPolicy(c, p.integer("samples", 64), p.integer("seed", 0)));
        FACTORIES.put("random", (c, t, p) -> new RandomPolicy(c, p.integer("seed", 0)));
        FACTORIES.put("caffeine", (c, t, p) -> new CaffeinePolicy(c, t));
        FACTORIES.put("belady", (c, t, p) -> new BeladyPolicy(c, true));
        FACTORIES.put("belady-admit", (c, t, p) -> new BeladyPolicy(c, false));
        FACTORIES.put("belady-size", (c, t, p) -> new BeladySizePolicy(c, p.integer("samples", 128), p.integer("seed", 0)));
    }

    private PolicyRegistry() {
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(FACTORIES.keySet());
    }

    /** The policy's own name for a spec (aliases resolved, parameters checked), or throws naming what is wrong. */
    public static String canonical(String spec) {
        return create(spec, 1000, () -> 0).name();
    }

    public static EvictionPolicy create(String spec, long capacity, Ticker ticker) {
        PolicySpec parsed = PolicySpec.parse(spec);
        String name = ALIASES.getOrDefault(parsed.name(), parsed.name());
        Factory factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown eviction policy '" + spec + "' (known: " + String.join(", ", names()) + ")");
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        EvictionPolicy policy = factory.create(capacity, ticker, parsed);
        parsed.checkAllUsed(name);
        return policy;
    }

    /** Offline policies (the Belady family) need each request's next access time; see {@link OfflinePolicy}. */
    public static boolean isOffline(String spec) {
        return create(spec, 1000, () -> 0) instanceof OfflinePolicy;
    }

    static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
