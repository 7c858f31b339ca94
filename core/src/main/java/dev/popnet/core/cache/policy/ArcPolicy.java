package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * ARC (Megiddo and Modha, FAST '03), in weight units so it works for byte capacities too, with
 * libCacheSim's choices: T1 holds objects seen once, T2 objects seen again, B1/B2 remember keys evicted
 * from each; a ghost hit in B1 raises the target p of T1 by max(|B2|/|B1|, 1) and one in B2 lowers it by
 * max(|B1|/|B2|, 1) (p is a real number); REPLACE evicts from T1 while it is above p. On a miss with no
 * ghost, each eviction first drops a B1 ghost when T1+B1 would overflow the cache (or, without one, a T1
 * object outright), and a B2 ghost when all four lists reach twice the cache.
 */
public final class ArcPolicy extends AbstractPolicy {
    private static final byte T1 = 0;
    private static final byte T2 = 1;
    private static final byte B1 = 2;
    private static final byte B2 = 3;
    private final LongIntMap index = new LongIntMap(1024);
    private final Slots slots = new Slots(1024);
    private final SlotList t1 = new SlotList(slots);
    private final SlotList t2 = new SlotList(slots);
    private final SlotList b1 = new SlotList(slots);
    private final SlotList b2 = new SlotList(slots);
    private double p;
    /** The current request hit a ghost (in B1 or B2): it goes to T2 and evictions use REPLACE. */
    private boolean ghostHit;
    /** The last ghost hit was in B2; the reference reads this flag even on later requests. */
    private boolean lastGhostInB2;

    public ArcPolicy(long capacity) {
        super("arc", capacity);
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        ghostHit = false;
        int n = index.get(key);
        if (n < 0) {
            return false;
        }
        lastGhostInB2 = false;
        switch (slots.queue[n]) {
            case T1 -> {
                t1.remove(n);
                slots.queue[n] = T2;
                t2.addFirst(n);
                return true;
            }
            case T2 -> {
                t2.moveToFirst(n);
                return true;
            }
            case B1 -> {
                p = Math.min(p + Math.max((double) b2.weight() / b1.weight(), 1), capacity);
                b1.remove(n);
            }
            default -> {
                lastGhostInB2 = true;
                p = Math.max(p - Math.max((double) b1.weight() / b2.weight(), 1), 0);
                b2.remove(n);
            }
        }
        index.remove(key);
        slots.release(n);
        ghostHit = true;
        return false;
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        if (weight > capacity) {
            ghostHit = false;
            return false;
        }
        while (t1.weight() + t2.weight() + weight > capacity) {
            if (ghostHit) {
                replace(evicted);
            } else {
                evictOnFullMiss(weight, evicted);
            }
        }
        int n = slots.allocate(key, weight);
        slots.queue[n] = ghostHit ? T2 : T1;
        (ghostHit ? t2 : t1).addFirst(n);
        index.put(key, n);
        if (ghostHit) {
            lastGhostInB2 = false;
        }
        ghostHit = false;
        return true;
    }

    /** Case IV of the paper, one eviction at a time. */
    private void evictOnFullMiss(long incoming, EvictionListener evicted) {
        if (t1.weight() + b1.weight() + incoming > capacity) {
            if (b1.weight() > 0) {
                dropGhost(b1);
                replace(evicted);
            } else {
                int victim = t1.last();
                t1.remove(victim);
                slots.evict(victim, index, evicted);
            }
        } else {
            if (t1.weight() + b1.weight() + t2.weight() + b2.weight() >= 2 * capacity && b2.weight() > 0) {
                dropGhost(b2);
            }
            replace(evicted);
        }
    }

    /** REPLACE: from T1 while it is above its target p (or at it after a B2 hit, or when T2 is empty), else from T2. */
    private void replace(EvictionListener evicted) {
        boolean fromT1 = t1.weight() > 0 && (t1.weight() > p || t1.weight() == p && lastGhostInB2) || t2.weight() == 0;
        SlotList from = fromT1 ? t1 : t2;
        int victim = from.last();
        from.remove(victim);
        slots.queue[victim] = fromT1 ? B1 : B2;
        (fromT1 ? b1 : b2).addFirst(victim);
        evicted.evicted(slots.key[victim], slots.weight[victim]);
    }

    private void dropGhost(SlotList ghosts) {
        int g = ghosts.last();
        ghosts.remove(g);
        index.remove(slots.key[g]);
        slots.release(g);
    }

    private SlotList list(int n) {
        return switch (slots.queue[n]) {
            case T1 -> t1;
            case T2 -> t2;
            case B1 -> b1;
            default -> b2;
        };
    }

    @Override
    public boolean remove(long key) {
        int n = index.remove(key);
        if (n < 0) {
            return false;
        }
        list(n).remove(n);
        boolean resident = slots.queue[n] < B1;
        slots.release(n);
        return resident;
    }

    @Override
    public long weightOf(long key) {
        int n = index.get(key);
        return n < 0 || slots.queue[n] >= B1 ? -1 : slots.weight[n];
    }

    @Override
    public long usedWeight() {
        return t1.weight() + t2.weight();
    }

    @Override
    public int residentCount() {
        return t1.count() + t2.count();
    }

    @Override
    public void checkInvariants() {
        t1.check(name(), "T1");
        t2.check(name(), "T2");
        b1.check(name(), "B1");
        b2.check(name(), "B2");
        if (p < 0 || p > capacity) {
            throw new IllegalStateException("arc: target p=" + p + " outside 0.." + capacity);
        }
        if (t1.count() + t2.count() + b1.count() + b2.count() != index.size()) {
            throw new IllegalStateException("arc: lists and index disagree");
        }
        checkCapacity();
    }
}
