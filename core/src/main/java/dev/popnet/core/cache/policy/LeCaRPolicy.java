package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import java.util.HashMap;
import java.util.Map;

/**
 * LeCaR (Vietri et al., HotStorage '18) as libCacheSim implements it: two experts, LRU and LFU, propose a
 * victim; one is picked at random in proportion to their weights (when they agree there is no choice).
 * Each expert's victims are remembered in its own history (half the capacity each); a request that finds
 * its key in an expert's history lowers that expert's weight, more for recent mistakes (learning rate
 * 0.45, discount 0.005^(1/capacity) per request). The random draws use libCacheSim's generator (Knuth's
 * MMIX LCG) from {@code seed}, 0 by default as in its multi-cache runs, so results match it.
 */
public final class LeCaRPolicy extends AbstractPolicy {
    private static final byte RESIDENT = 0;
    private static final byte LRU_HISTORY = 1;
    private static final byte LFU_HISTORY = 2;
    private static final byte NO_HISTORY = 3;
    private static final double LEARNING_RATE = 0.45;
    private final LongObjectMap<Node> index = new LongObjectMap<>(1024);
    private final NodeList lru = new NodeList();
    private final Map<Long, NodeList> buckets = new HashMap<>();
    private final NodeList lruHistory = new NodeList();
    private final NodeList lfuHistory = new NodeList();
    private final double discount;
    private double lruWeight = 0.5;
    private double lfuWeight = 0.5;
    private long minFreq = 1;
    private long maxFreq = 1;
    private long random;

    public LeCaRPolicy(long capacity, long seed) {
        super(seed == 0 ? "lecar" : "lecar(seed=" + seed + ")", capacity);
        this.discount = Math.pow(0.005, 1.0 / capacity);
        this.random = seed;
        buckets.put(1L, new NodeList());
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        if (n.queue != RESIDENT) {
            long t = requests - n.stamp;
            if (n.queue == LRU_HISTORY) {
                punish(true, t);
                lruHistory.remove(n);
            } else if (n.queue == LFU_HISTORY) {
                punish(false, t);
                lfuHistory.remove(n);
            }
            index.remove(key);
            return false;
        }
        lru.moveToFirst(n);
        leaveBucket(n.partner);
        n.partner.freq++;
        maxFreq = Math.max(maxFreq, n.partner.freq);
        bucket(n.partner.freq).addFirst(n.partner);
        if (lru.count() == 1) {
            raiseMin();
        }
        if (n.partner.freq < minFreq) {
            minFreq = n.partner.freq;
        }
        return true;
    }

    /** The reference's weight update: the mistaken expert's weight shrinks, more for a recent mistake, then both are renormalised. */
    private void punish(boolean lruMistaken, long t) {
        double mistaken = lruMistaken ? lruWeight : lfuWeight;
        double other = lruMistaken ? lfuWeight : lruWeight;
        double w = mistaken * Math.exp(-LEARNING_RATE * Math.pow(discount, (double) t)) + 1e-10;
        double s = w + other + 2e-10;
        mistaken = w / s;
        other = (other + 1e-10) / s;
        lruWeight = lruMistaken ? mistaken : other;
        lfuWeight = lruMistaken ? other : mistaken;
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        if (weight > capacity) {
            return false;
        }
        while (lru.weight() + weight > capacity) {
            evictOne(evicted);
        }
        Node n = new Node(key, weight);
        Node shadow = new Node(key, weight);
        n.partner = shadow;
        shadow.partner = n;
        shadow.freq = 1;
        lru.addFirst(n);
        minFreq = 1;
        buckets.get(1L).addFirst(shadow);
        index.put(key, n);
        return true;
    }

    private void evictOne(EvictionListener evicted) {
        Node lruCandidate = lru.last();
        Node lfuCandidate = (minFreq == 1 ? buckets.get(1L) : buckets.get(minFreq)).last().partner;
        Node victim;
        if (lruCandidate == lfuCandidate) {
            victim = lruCandidate;
            victim.queue = NO_HISTORY;
        } else if (Long.remainderUnsigned(nextRandom(), 100) / 100.0 < lruWeight) {
            victim = lruCandidate;
            victim.queue = LRU_HISTORY;
        } else {
            victim = lfuCandidate;
            victim.queue = LFU_HISTORY;
        }
        victim.stamp = requests;
        lru.remove(victim);
        leaveBucket(victim.partner);
        victim.partner = null;
        evicted.evicted(victim.key, victim.weight);
        switch (victim.queue) {
            case LRU_HISTORY -> remember(lruHistory, victim);
            case LFU_HISTORY -> remember(lfuHistory, victim);
            default -> index.remove(victim.key); // chosen by both experts: nothing to learn from it
        }
    }

    private void remember(NodeList history, Node victim) {
        history.addFirst(victim);
        while (history.weight() > capacity / 2) {
            Node old = history.last();
            history.remove(old);
            index.remove(old.key);
        }
    }

    private long nextRandom() {
        random = 6364136223846793005L * random + 1442695040888963407L;
        return random;
    }

    private NodeList bucket(long freq) {
        return buckets.computeIfAbsent(freq, f -> new NodeList());
    }

    private void leaveBucket(Node shadow) {
        NodeList list = buckets.get(shadow.freq);
        list.remove(shadow);
        if (shadow.freq == minFreq && list.isEmpty()) {
            raiseMin();
        }
    }

    /** The reference's search: the first non-empty bucket above the current minimum, up to the highest count seen. */
    private void raiseMin() {
        for (long f = minFreq + 1; f <= maxFreq; f++) {
            NodeList list = buckets.get(f);
            if (list != null && !list.isEmpty()) {
                minFreq = f;
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
            case RESIDENT -> {
                lru.remove(n);
                leaveBucket(n.partner);
            }
            case LRU_HISTORY -> lruHistory.remove(n);
            case LFU_HISTORY -> lfuHistory.remove(n);
            default -> throw new IllegalStateException("lecar: indexed entry in no list");
        }
        return n.queue == RESIDENT;
    }

    @Override
    public long weightOf(long key) {
        Node n = index.get(key);
        return n == null || n.queue != RESIDENT ? -1 : n.weight;
    }

    @Override
    public long usedWeight() {
        return lru.weight();
    }

    @Override
    public int residentCount() {
        return lru.count();
    }

    @Override
    public void checkInvariants() {
        lru.check(name(), "lru");
        lruHistory.check(name(), "lru history");
        lfuHistory.check(name(), "lfu history");
        long inBuckets = buckets.values().stream().mapToLong(NodeList::count).sum();
        if (inBuckets != lru.count()) {
            throw new IllegalStateException(name() + ": frequency lists hold " + inBuckets + " objects, LRU list " + lru.count());
        }
        checkCapacity();
    }
}
