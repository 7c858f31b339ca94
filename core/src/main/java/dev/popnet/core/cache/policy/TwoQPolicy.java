package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * 2Q (Johnson and Shasha, VLDB '94), full version with libCacheSim's defaults: new objects enter the FIFO
 * A1in ({@code in} = 25% of the capacity); objects leaving A1in are remembered in the ghost FIFO A1out
 * ({@code out} = 50%); a request that finds its key in A1out goes to the LRU Am, which holds the rest of
 * the capacity. Hits in A1in change nothing. Objects larger than A1in are not admitted.
 */
public final class TwoQPolicy extends AbstractPolicy {
    private static final byte IN = 0;
    private static final byte MAIN = 1;
    private static final byte OUT = 2;
    private final LongObjectMap<Node> index = new LongObjectMap<>(1024);
    private final NodeList in = new NodeList();
    private final NodeList am = new NodeList();
    private final GhostQueue out;
    private final long inCapacity;
    private final long amCapacity;
    private boolean ghostHit;

    public TwoQPolicy(long capacity, double inRatio, double outRatio) {
        super(inRatio == 0.25 && outRatio == 0.5 ? "2q" : "2q(in=" + inRatio + ",out=" + outRatio + ")", capacity);
        if (inRatio <= 0 || inRatio >= 1 || outRatio < 0) {
            throw new IllegalArgumentException("2q: in must be in (0, 1) and out at least 0");
        }
        this.inCapacity = (long) (capacity * inRatio);
        this.out = new GhostQueue(index, (long) (capacity * outRatio), OUT);
        this.amCapacity = capacity - inCapacity;
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        ghostHit = false;
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        switch (n.queue) {
            case IN -> {
                return true;
            }
            case MAIN -> {
                am.moveToFirst(n);
                return true;
            }
            default -> {
                out.unlink(n);
                index.remove(key);
                recycle(n);
                ghostHit = true;
                return false;
            }
        }
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        boolean toMain = ghostHit;
        ghostHit = false;
        if (weight > inCapacity) {
            return false;
        }
        while (in.weight() + am.weight() + weight > capacity) {
            if (in.weight() > inCapacity) {
                Node t = in.last();
                in.remove(t);
                index.remove(t.key);
                evicted.evicted(t.key, t.weight);
                recycle(out.remember(t));
            } else {
                evictFromAm(evicted);
            }
        }
        Node n = newNode(key, weight);
        if (toMain) {
            if (weight > amCapacity) {
                return false;
            }
            while (am.weight() + weight > amCapacity) {
                evictFromAm(evicted);
            }
            n.queue = MAIN;
            am.addFirst(n);
        } else {
            n.queue = IN;
            in.addFirst(n);
        }
        index.put(key, n);
        return true;
    }

    private void evictFromAm(EvictionListener evicted) {
        Node t = am.last();
        am.remove(t);
        index.remove(t.key);
        evicted.evicted(t.key, t.weight);
        recycle(t);
    }

    @Override
    public boolean remove(long key) {
        Node n = index.remove(key);
        if (n == null) {
            return false;
        }
        switch (n.queue) {
            case IN -> in.remove(n);
            case MAIN -> am.remove(n);
            default -> out.unlink(n);
        }
        return n.queue != OUT;
    }

    @Override
    public long weightOf(long key) {
        Node n = index.get(key);
        return n == null || n.queue == OUT ? -1 : n.weight;
    }

    @Override
    public long usedWeight() {
        return in.weight() + am.weight();
    }

    @Override
    public int residentCount() {
        return in.count() + am.count();
    }

    @Override
    public void checkInvariants() {
        in.check(name(), "A1in");
        am.check(name(), "Am");
        out.check(name(), "A1out");
        if (in.count() + am.count() + out.count() != index.size()) {
            throw new IllegalStateException(name() + ": lists and index disagree");
        }
        checkCapacity();
    }
}
