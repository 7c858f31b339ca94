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
    private final LongObjectMap<Node> index = new LongObjectMap<>(1024);
    private final NodeList small = new NodeList();
    private final NodeList main = new NodeList();
    private final GhostQueue ghost;
    private final long smallCapacity;
    private final long mainCapacity;
    private final int threshold;
    private boolean ghostHit;

    public S3FifoPolicy(long capacity, double smallRatio, double ghostRatio, int threshold) {
        super(name(smallRatio, ghostRatio, threshold), capacity);
        if (smallRatio <= 0 || smallRatio >= 1 || ghostRatio < 0 || threshold < 1) {
            throw new IllegalArgumentException("s3fifo: small must be in (0, 1), ghost at least 0, threshold at least 1");
        }
        this.smallCapacity = (long) ((double) capacity * smallRatio);
        this.mainCapacity = capacity - smallCapacity;
        this.ghost = new GhostQueue(index, (long) (capacity * ghostRatio), GHOST);
        this.threshold = threshold;
    }

    private static String name(double small, double ghost, int threshold) {
        return small == 0.1 && ghost == 0.9 && threshold == 2 ? "s3fifo"
                : "s3fifo(small=" + small + ",ghost=" + ghost + ",threshold=" + threshold + ")";
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        ghostHit = false;
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        if (n.queue == GHOST) {
            ghost.unlink(n);
            index.remove(key);
            recycle(n);
            ghostHit = true;
            return false;
        }
        n.freq++;
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
        Node n = newNode(key, weight);
        n.queue = toMain ? MAIN : SMALL;
        (toMain ? main : small).addFirst(n);
        index.put(key, n);
        return true;
    }

    /** Takes small's oldest objects: those hit often enough move to main, the first other one leaves (as a ghost). */
    private void evictSmall(EvictionListener evicted) {
        while (small.weight() > 0) {
            Node t = small.last();
            small.remove(t);
            if (t.freq >= threshold) {
                t.freq = 0;
                t.queue = MAIN;
                main.addFirst(t);
            } else {
                index.remove(t.key);
                evicted.evicted(t.key, t.weight);
                recycle(ghost.remember(t));
                return;
            }
        }
    }

    private void evictMain(EvictionListener evicted) {
        while (main.weight() > 0) {
            Node t = main.last();
            main.remove(t);
            if (t.freq >= 1) {
                t.freq = Math.min(t.freq, 3) - 1;
                main.addFirst(t);
            } else {
                index.remove(t.key);
                evicted.evicted(t.key, t.weight);
                recycle(t);
                return;
            }
        }
    }

    @Override
    public boolean remove(long key) {
        Node n = index.remove(key);
        if (n == null) {
            return false;
        }
        switch (n.queue) {
            case SMALL -> small.remove(n);
            case MAIN -> main.remove(n);
            default -> ghost.unlink(n);
        }
        return n.queue != GHOST;
    }

    @Override
    public long weightOf(long key) {
        Node n = index.get(key);
        return n == null || n.queue == GHOST ? -1 : n.weight;
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
        if (small.count() + main.count() + ghost.count() != index.size()) {
            throw new IllegalStateException(name() + ": lists and index disagree");
        }
        checkCapacity();
    }
}
