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
    private final LongIntMap index = new LongIntMap(1024);
    private final Slots slots = new Slots(1024);
    private final SlotList[] lists;
    private final long[] limits;
    private long used;

    public SlruPolicy(long capacity, int segments) {
        this("slru" + (segments == 4 ? "" : "(segments=" + segments + ")"), capacity, equal(capacity, segments));
    }

    /** A segmented LRU with the given segment sizes, lowest first (W-TinyLFU's main cache). */
    SlruPolicy(String name, long capacity, long[] limits) {
        super(name, capacity);
        this.limits = limits.clone();
        this.lists = new SlotList[limits.length];
        Arrays.setAll(lists, i -> new SlotList(slots));
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
        int n = index.get(key);
        if (n < 0) {
            return false;
        }
        int top = lists.length - 1;
        int q = slots.queue[n];
        if (q == top) {
            lists[top].moveToFirst(n);
        } else {
            lists[q].remove(n);
            q++;
            slots.queue[n] = (byte) q;
            lists[q].addFirst(n);
            while (lists[q].weight() > limits[q]) {
                cool(q, evicted);
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
        int n = lists[id].last();
        lists[id].remove(n);
        slots.queue[n] = (byte) (id - 1);
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
        int n = slots.allocate(key, weight);
        slots.queue[n] = (byte) segment;
        lists[segment].addFirst(n);
        index.put(key, n);
        used += weight;
    }

    /** The next victim's slot: the oldest object of the lowest non-empty segment, or {@link SlotList#NONE}. */
    private int nextVictim() {
        for (SlotList l : lists) {
            if (!l.isEmpty()) {
                return l.last();
            }
        }
        return SlotList.NONE;
    }

    @Override
    public long peekVictim() {
        int n = nextVictim();
        return n < 0 ? NO_KEY : slots.key[n];
    }

    void evictOne(EvictionListener evicted) {
        int victim = nextVictim();
        lists[slots.queue[victim]].remove(victim);
        used -= slots.weight[victim];
        slots.evict(victim, index, evicted);
    }

    @Override
    public boolean remove(long key) {
        int n = index.remove(key);
        if (n < 0) {
            return false;
        }
        lists[slots.queue[n]].remove(n);
        used -= slots.weight[n];
        slots.release(n);
        return true;
    }

    @Override
    public long weightOf(long key) {
        int n = index.get(key);
        return n < 0 ? -1 : slots.weight[n];
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
