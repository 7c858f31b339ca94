package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import java.util.Arrays;

/**
 * Segmented LRU as libCacheSim builds it: {@code segments} LRU lists (4 equal ones by default), a new
 * object goes into the lowest segment with room, a hit moves it up one segment (or to the head of the
 * top one), and a segment over its share pushes its oldest object down one level; pushed out of the
 * lowest, it leaves the cache (so a hit can evict). Victims come from the lowest non-empty segment.
 */
public final class SlruPolicy extends AbstractPolicy {
    private final LongObjectMap<Node> index = new LongObjectMap<>(1024);
    private final NodeList[] lists;
    private final long[] limits;
    private long used;

    public SlruPolicy(long capacity, int segments) {
        this("slru" + (segments == 4 ? "" : "(segments=" + segments + ")"), capacity, equal(capacity, segments));
    }

    /** A segmented LRU with the given segment sizes, lowest first (W-TinyLFU's main cache). */
    SlruPolicy(String name, long capacity, long[] limits) {
        super(name, capacity);
        this.limits = limits.clone();
        this.lists = new NodeList[limits.length];
        Arrays.setAll(lists, i -> new NodeList());
    }

    private static long[] equal(long capacity, int segments) {
        if (segments < 1 || segments > 16) {
            throw new IllegalArgumentException("slru segments must be 1..16, got " + segments);
        }
        long[] limits = new long[segments];
        Arrays.fill(limits, capacity / segments);
        return limits;
    }

    /** Segment sizes in proportion to {@code shares}, each truncated as the reference does. */
    static long[] proportional(long capacity, int... shares) {
        long sum = Arrays.stream(shares).sum();
        long[] limits = new long[shares.length];
        for (int i = 0; i < shares.length; i++) {
            limits[i] = (long) ((double) shares[i] / sum * capacity);
        }
        return limits;
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        int top = lists.length - 1;
        if (n.queue == top) {
            lists[top].moveToFirst(n);
        } else {
            lists[n.queue].remove(n);
            n.queue++;
            lists[n.queue].addFirst(n);
            while (lists[n.queue].weight() > limits[n.queue]) {
                cool(n.queue, evicted);
            }
        }
        return true;
    }

    /** Moves segment {@code id}'s oldest object down a level, cascading; from the lowest segment it is evicted. */
    private void cool(int id, EvictionListener evicted) {
        if (id == 0) {
            evictOne(evicted);
            return;
        }
        Node n = lists[id].last();
        lists[id].remove(n);
        n.queue = (byte) (id - 1);
        lists[id - 1].addFirst(n);
        while (lists[id - 1].weight() > limits[id - 1]) {
            cool(id - 1, evicted);
        }
    }

    /** Whether the object may enter at all: no larger than the cache or the lowest segment. */
    boolean canInsert(long weight) {
        return weight <= capacity && weight <= limits[0];
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        if (!canInsert(weight)) {
            return false;
        }
        while (used + weight > capacity) {
            evictOne(evicted);
        }
        place(key, weight, evicted);
        return true;
    }

    /** Inserts into the lowest segment with room; with none, evicts until the whole cache has room and uses the lowest. */
    void place(long key, long weight, EvictionListener evicted) {
        int segment = -1;
        for (int i = 0; i < lists.length; i++) {
            if (lists[i].weight() + weight <= limits[i]) {
                segment = i;
                break;
            }
        }
        if (segment < 0) {
            while (used + weight > capacity) {
                evictOne(evicted);
            }
            segment = 0;
        }
        Node n = new Node(key, weight);
        n.queue = (byte) segment;
        lists[segment].addFirst(n);
        index.put(key, n);
        used += weight;
    }

    /** The next victim: the oldest object of the lowest non-empty segment. */
    Node nextVictim() {
        for (NodeList l : lists) {
            if (!l.isEmpty()) {
                return l.last();
            }
        }
        return null;
    }

    @Override
    public long peekVictim() {
        Node n = nextVictim();
        return n == null ? NO_KEY : n.key;
    }

    void evictOne(EvictionListener evicted) {
        Node victim = nextVictim();
        lists[victim.queue].remove(victim);
        index.remove(victim.key);
        used -= victim.weight;
        evicted.evicted(victim.key, victim.weight);
    }

    @Override
    public boolean remove(long key) {
        Node n = index.remove(key);
        if (n == null) {
            return false;
        }
        lists[n.queue].remove(n);
        used -= n.weight;
        return true;
    }

    @Override
    public long weightOf(long key) {
        Node n = index.get(key);
        return n == null ? -1 : n.weight;
    }

    @Override
    public long usedWeight() {
        return used;
    }

    @Override
    public int residentCount() {
        return index.size();
    }

    @Override
    public void checkInvariants() {
        long w = 0;
        int c = 0;
        for (int i = 0; i < lists.length; i++) {
            lists[i].check(name(), "segment " + i);
            w += lists[i].weight();
            c += lists[i].count();
        }
        if (w != used || c != index.size()) {
            throw new IllegalStateException(name() + ": segments hold " + w + " in " + c + ", books say " + used + " in " + index.size());
        }
        checkCapacity();
    }
}
