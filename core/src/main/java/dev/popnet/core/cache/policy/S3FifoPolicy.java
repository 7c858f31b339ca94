package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * S3-FIFO (Yang et al., SOSP '23) with libCacheSim's defaults: a small FIFO ({@code small} = 10% of the
 * capacity) filters one-hit wonders, a main FIFO holds objects seen again, and a ghost FIFO of evicted
 * keys ({@code ghost} = 90% of the capacity, counted in the same unit as the cache) sends returning
 * objects straight to main. An object leaving small with at least {@code threshold} hits moves to main;
 * main reinserts objects with hits (count capped at 3, lowered by one). Evictions come from main when it
 * is over its share or small is empty; objects at least as large as small are not admitted (except
 * ghost hits no larger than small).
 */
public final class S3FifoPolicy extends AbstractPolicy {
    private static final byte SMALL = 0;
    private static final byte MAIN = 1;
    private static final byte GHOST = 2;
    private final LongIntMap index = new LongIntMap(1024);
    private final Slots slots = new Slots(1024);
    private final SlotList small = new SlotList(slots);
    private final SlotList main = new SlotList(slots);
    private final SlotList ghost = new SlotList(slots);
    private final long smallCapacity;
    private final long mainCapacity;
    private final long ghostCapacity;
    private final int threshold;
    private boolean ghostHit;

    public S3FifoPolicy(long capacity, double smallRatio, double ghostRatio, int threshold) {
        super(name(smallRatio, ghostRatio, threshold), capacity);
        if (smallRatio <= 0 || smallRatio >= 1 || ghostRatio < 0 || threshold < 1) {
            throw new IllegalArgumentException("s3fifo: small must be in (0, 1), ghost at least 0, threshold at least 1");
        }
        this.smallCapacity = (long) ((double) capacity * smallRatio);
        this.mainCapacity = capacity - smallCapacity;
        this.ghostCapacity = (long) (capacity * ghostRatio);
        this.threshold = threshold;
    }

    private static String name(double small, double ghost, int threshold) {
        return small == 0.1 && ghost == 0.9 && threshold == 2 ? "s3fifo"
                : "s3fifo(small=" + small + ",ghost=" + ghost + ",threshold=" + threshold + ")";
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        ghostHit = false;
        int n = index.get(key);
        if (n < 0) {
            return false;
        }
        if (slots.queue[n] == GHOST) {
            ghost.remove(n);
            index.remove(key);
            slots.release(n);
            ghostHit = true;
            return false;
        }
        if (slots.freq[n] < Integer.MAX_VALUE) {
            slots.freq[n]++;
        }
        return true;
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        boolean toMain = ghostHit;
        ghostHit = false;
        if (weight > smallCapacity) {
            return false;
        }
        while (small.weight() + main.weight() + weight > capacity) {
            if (main.weight() > mainCapacity || small.weight() == 0) {
                evictMain(evicted);
            } else {
                evictSmall(evicted);
            }
        }
        if (!toMain && weight >= smallCapacity) {
            return false; // the reference makes room, then refuses objects as large as small
        }
        int n = slots.allocate(key, weight);
        slots.queue[n] = toMain ? MAIN : SMALL;
        (toMain ? main : small).addFirst(n);
        index.put(key, n);
        return true;
    }

    /** Takes small's oldest objects: those hit often enough move to main, the first other one leaves (as a ghost). */
    private void evictSmall(EvictionListener evicted) {
        while (small.weight() > 0) {
            int t = small.last();
            small.remove(t);
            if (slots.freq[t] >= threshold) {
                slots.freq[t] = 0;
                slots.queue[t] = MAIN;
                main.addFirst(t);
            } else {
                evicted.evicted(slots.key[t], slots.weight[t]);
                remember(t);
                return;
            }
        }
    }

    /** Keeps an object evicted from small as a ghost (its slot and index entry stay), dropping the oldest ghosts to fit. */
    private void remember(int t) {
        long weight = slots.weight[t];
        if (weight > ghostCapacity) {
            index.remove(slots.key[t]);
            slots.release(t);
            return;
        }
        while (ghost.weight() + weight > ghostCapacity) {
            int g = ghost.last();
            ghost.remove(g);
            index.remove(slots.key[g]);
            slots.release(g);
        }
        slots.queue[t] = GHOST;
        slots.freq[t] = 0;
        ghost.addFirst(t);
    }

    private void evictMain(EvictionListener evicted) {
        int[] freq = slots.freq;
        while (main.weight() > 0) {
            int t = main.last();
            int f = freq[t];
            if (f >= 1) {
                freq[t] = Math.min(f, 3) - 1;
                main.moveToFirst(t);
            } else {
                main.remove(t);
                slots.evict(t, index, evicted);
                return;
            }
        }
    }

    @Override
    public boolean remove(long key) {
        int n = index.remove(key);
        if (n < 0) {
            return false;
        }
        byte q = slots.queue[n];
        switch (q) {
            case SMALL -> small.remove(n);
            case MAIN -> main.remove(n);
            default -> ghost.remove(n);
        }
        slots.release(n);
        return q != GHOST;
    }

    @Override
    public long weightOf(long key) {
        int n = index.get(key);
        return n < 0 || slots.queue[n] == GHOST ? -1 : slots.weight[n];
    }

    @Override
    public long usedWeight() {
        return small.weight() + main.weight();
    }

    @Override
    public int residentCount() {
        return small.count() + main.count();
    }

    @Override
    public void checkInvariants() {
        small.check(name(), "small");
        main.check(name(), "main");
        ghost.check(name(), "ghost");
        if (ghost.weight() > ghostCapacity) {
            throw new IllegalStateException(name() + ": ghost holds " + ghost.weight() + " above " + ghostCapacity);
        }
        if (small.count() + main.count() + ghost.count() != index.size()) {
            throw new IllegalStateException(name() + ": lists and index disagree");
        }
        checkCapacity();
    }
}
