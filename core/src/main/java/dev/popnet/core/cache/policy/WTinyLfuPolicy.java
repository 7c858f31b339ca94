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
    /** The window LRU: its own index and entries, as the reference keeps a cache of its own for it. */
    private final LongIntMap windowIndex = new LongIntMap(256);
    private final Slots slots = new Slots(256);
    private final SlotList window = new SlotList(slots);
    private final long windowCapacity;
    private final SlruPolicy main;
    private final CountingBloomFilter sketch;
    private final long decayEvery;
    private long mainHits;

    public WTinyLfuPolicy(long capacity, double windowRatio, long seed) {
        super(windowRatio == 0.01 && seed == 0 ? "wtinylfu" : "wtinylfu(window=" + windowRatio + ",seed=" + seed + ")", capacity);
        if (windowRatio < 0 || windowRatio >= 1) {
            throw new IllegalArgumentException("wtinylfu window must be in [0, 1), got " + windowRatio);
        }
        this.windowCapacity = (long) (capacity * windowRatio);
        long mainCapacity = capacity - windowCapacity;
        this.main = new SlruPolicy("wtinylfu-main", mainCapacity, SlruPolicy.proportional(mainCapacity, 1, 4));
        this.sketch = new CountingBloomFilter((int) mainCapacity, 0.001, SEED0 + seed, SEED1 + seed * 31);
        this.decayEvery = 32 * mainCapacity;
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        int w = windowIndex.get(key);
        if (w >= 0) {
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
        return w >= 0 || inMain;
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        if (weight > capacity || weight > windowCapacity || !main.canInsert(weight)) {
            return false;
        }
        while (window.weight() + main.usedWeight() + weight > capacity) {
            evictOne(evicted);
        }
        int n = slots.allocate(key, weight);
        window.addFirst(n);
        windowIndex.put(key, n);
        sketch.add(key);
        return true;
    }

    /** Moves window objects to main until one loses against main's victim (it leaves) or the window is empty (main evicts). */
    private void evictOne(EvictionListener evicted) {
        while (true) {
            int candidate = window.last();
            if (candidate < 0) {
                main.evictOne(evicted);
                return;
            }
            long key = slots.key[candidate];
            long weight = slots.weight[candidate];
            window.remove(candidate);
            windowIndex.remove(key);
            slots.release(candidate);
            boolean done = false;
            if (main.usedWeight() + weight <= main.capacity()) {
                main.place(key, weight, evicted);
            } else if (sketch.estimate(key) > sketch.estimate(main.peekVictim())) {
                main.evictOne(evicted);
                main.place(key, weight, evicted);
            } else {
                evicted.evicted(key, weight);
                done = true;
            }
            sketch.add(key);
            if (done) {
                return;
            }
        }
    }

    @Override
    public boolean remove(long key) {
        int w = windowIndex.remove(key);
        if (w >= 0) {
            window.remove(w);
            slots.release(w);
            return true;
        }
        return main.remove(key);
    }

    @Override
    public long weightOf(long key) {
        int w = windowIndex.get(key);
        return w >= 0 ? slots.weight[w] : main.weightOf(key);
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
        if (window.count() != windowIndex.size()) {
            throw new IllegalStateException(name() + ": window indexes " + windowIndex.size() + " keys but lists " + window.count());
        }
        main.checkInvariants();
        checkCapacity();
    }
}
