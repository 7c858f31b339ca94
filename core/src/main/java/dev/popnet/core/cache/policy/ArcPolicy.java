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
    private final LongObjectMap<Node> index = new LongObjectMap<>(1024);
    private final NodeList t1 = new NodeList();
    private final NodeList t2 = new NodeList();
    private final NodeList b1 = new NodeList();
    private final NodeList b2 = new NodeList();
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
        Node n = index.get(key);
        if (n == null) {
            return false;
        }
        lastGhostInB2 = false;
        switch (n.queue) {
            case T1 -> {
                t1.remove(n);
                n.queue = T2;
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
                recycle(n);
            }
            default -> {
                lastGhostInB2 = true;
                p = Math.max(p - Math.max((double) b1.weight() / b2.weight(), 1), 0);
                b2.remove(n);
                recycle(n);
            }
        }
        index.remove(key);
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
        Node n = newNode(key, weight);
        n.queue = ghostHit ? T2 : T1;
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
                Node victim = t1.last();
                t1.remove(victim);
                index.remove(victim.key);
                evicted.evicted(victim.key, victim.weight);
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
        NodeList from = fromT1 ? t1 : t2;
        Node victim = from.last();
        from.remove(victim);
        victim.queue = fromT1 ? B1 : B2;
        (fromT1 ? b1 : b2).addFirst(victim);
        evicted.evicted(victim.key, victim.weight);
    }

    private void dropGhost(NodeList ghosts) {
        Node g = ghosts.last();
        ghosts.remove(g);
        index.remove(g.key);
        recycle(g);
    }

    private NodeList list(Node n) {
        return switch (n.queue) {
            case T1 -> t1;
            case T2 -> t2;
            case B1 -> b1;
            default -> b2;
        };
    }

    @Override
    public boolean remove(long key) {
        Node n = index.remove(key);
        if (n == null) {
            return false;
        }
        list(n).remove(n);
        return n.queue == T1 || n.queue == T2;
    }

    @Override
    public long weightOf(long key) {
        Node n = index.get(key);
        return n == null || n.queue == B1 || n.queue == B2 ? -1 : n.weight;
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
