package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * W-TinyLFU (Einziger et al., ToS '17) as libCacheSim implements it, deterministic: a window LRU
 * ({@code window} = 1% of the capacity) takes new objects; a segmented LRU main cache (probation 20%,
 * protected 80%) holds the rest. When room is needed, the window's oldest object moves to main if main
 * has room, else it challenges main's next victim and wins when a counting Bloom filter (sized for main's
 * capacity, aged by halving every 32 × capacity main hits) estimates it more frequent. The filter's hash
 * seeds come from {@code seed} (0 = libCacheSim's), so every run with one seed is the same run.
 */
public final class WTinyLfuPolicy extends AbstractPolicy {
    private static final long SEED0 = 0x12345678L;
    private static final long SEED1 = 0x12344321L;
    private final KeyedQueue window;
    private final SlruPolicy main;
    private final CountingBloomFilter sketch;
    private final long decayEvery;
    private long mainHits;

    public WTinyLfuPolicy(long capacity, double windowRatio, long seed) {
        super(windowRatio == 0.01 && seed == 0 ? "wtinylfu" : "wtinylfu(window=" + windowRatio + ",seed=" + seed + ")", capacity);
        if (windowRatio < 0 || windowRatio >= 1) {
            throw new IllegalArgumentException("wtinylfu window must be in [0, 1), got " + windowRatio);
        }
        this.window = new KeyedQueue((long) (capacity * windowRatio));
        long mainCapacity = capacity - window.capacity;
        this.main = new SlruPolicy("wtinylfu-main", mainCapacity, SlruPolicy.proportional(mainCapacity, 1, 4));
        this.sketch = new CountingBloomFilter((int) mainCapacity, 0.001, SEED0 + seed, SEED1 + seed * 31);
        this.decayEvery = 32 * mainCapacity;
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        Node w = window.get(key);
        if (w != null) {
            window.moveToFirst(w);
        }
        boolean inMain = main.touch(key, evicted);
        if (inMain) {
            sketch.add(key);
            if (++mainHits >= decayEvery) {
                mainHits = 0;
                sketch.decay();
            }
        }
        return w != null || inMain;
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || weight > window.capacity || !main.canInsert(weight)) {
            return false;
        }
        while (window.weight() + main.usedWeight() + weight > capacity) {
            evictOne(evicted);
        }
        window.addFirst(key, weight);
        sketch.add(key);
        return true;
    }

    /** Moves window objects to main until one loses against main's victim (it leaves) or the window is empty (main evicts). */
    private void evictOne(EvictionListener evicted) {
        while (true) {
            if (window.isEmpty()) {
                main.evictOne(evicted);
                return;
            }
            Node candidate = window.last();
            boolean done = false;
            if (main.usedWeight() + candidate.weight <= main.capacity()) {
                window.removeLast();
                main.place(candidate.key, candidate.weight, evicted);
            } else if (sketch.estimate(candidate.key) > sketch.estimate(main.nextVictim().key)) {
                main.evictOne(evicted);
                window.removeLast();
                main.place(candidate.key, candidate.weight, evicted);
            } else {
                window.removeLast();
                evicted.evicted(candidate.key, candidate.weight);
                done = true;
            }
            sketch.add(candidate.key);
            if (done) {
                return;
            }
        }
    }

    @Override
    public boolean remove(long key) {
        return window.remove(key) != null || main.remove(key);
    }

    @Override
    public long weightOf(long key) {
        Node w = window.get(key);
        return w != null ? w.weight : main.weightOf(key);
    }

    @Override
    public long usedWeight() {
        return window.weight() + main.usedWeight();
    }

    @Override
    public int residentCount() {
        return window.count() + main.residentCount();
    }

    @Override
    public void checkInvariants() {
        window.check(name(), "window");
        main.checkInvariants();
        checkCapacity();
    }
}
