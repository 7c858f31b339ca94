package dev.popnet.core.cache.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.time.Ticker;

/**
 * The Caffeine library itself (W-TinyLFU with an adaptive window), run as just another policy:
 * maintenance on the caller's thread ({@code executor(Runnable::run)}, {@code cleanUp()} after each
 * insert) and the caller's clock as its ticker. Not bit-for-bit repeatable: Caffeine's admission draws
 * from ThreadLocalRandom (its hash-flooding defence) and its sketch is seeded per instance, so two runs
 * of one trace differ slightly. {@code wtinylfu} is the deterministic W-TinyLFU.
 */
public final class CaffeinePolicy implements EvictionPolicy {
    private final long capacity;
    private final Cache<Long, Long> cache;
    private EvictionListener listener = EvictionListener.NONE;
    private long admitting = Long.MIN_VALUE;

    public CaffeinePolicy(long capacity, Ticker ticker) {
        this.capacity = capacity;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(capacity)
                .weigher((Long key, Long weight) -> (int) Math.min(Integer.MAX_VALUE, weight))
                .executor(Runnable::run)
                .ticker(ticker::nanos)
                .evictionListener((Long key, Long weight, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    // A candidate refused by the admission filter was never resident: not an eviction.
                    if (cause.wasEvicted() && key != null && weight != null && key != admitting) {
                        listener.evicted(key, weight);
                    }
                })
                .build();
    }

    @Override
    public String name() {
        return "caffeine";
    }

    @Override
    public boolean touch(long key, EvictionListener evicted) {
        return cache.getIfPresent(key) != null;
    }

    @Override
    public boolean admit(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || weight > Integer.MAX_VALUE) {
            return false;
        }
        listener = evicted;
        admitting = key;
        try {
            cache.put(key, weight);
            cache.cleanUp();
        } finally {
            listener = EvictionListener.NONE;
            admitting = Long.MIN_VALUE;
        }
        return cache.policy().getIfPresentQuietly(key) != null;
    }

    @Override
    public boolean remove(long key) {
        return cache.asMap().remove(key) != null;
    }

    @Override
    public long weightOf(long key) {
        Long w = cache.policy().getIfPresentQuietly(key);
        return w == null ? -1 : w;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long usedWeight() {
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    @Override
    public int residentCount() {
        return (int) cache.estimatedSize();
    }

    @Override
    public void checkInvariants() {
        cache.cleanUp();
        long sum = cache.asMap().values().stream().mapToLong(Long::longValue).sum();
        if (usedWeight() > capacity || sum != usedWeight()) {
            throw new IllegalStateException("caffeine: weighted size " + usedWeight() + " (entries sum " + sum
                    + ") capacity " + capacity);
        }
    }
}
