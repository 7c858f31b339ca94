package dev.popnet.core.cache.policy;

/**
 * ARC (Megiddo and Modha, FAST '03), measured in weight so it works for byte capacities too: T1 holds
 * objects seen once, T2 objects seen again, B1/B2 remember keys evicted from each, and the target size
 * p of T1 grows on B1 ghost hits and shrinks on B2 ghost hits.
 */
public final class ArcPolicy extends AbstractListPolicy {
    private static final byte T1 = 0;
    private static final byte T2 = 1;
    private static final byte B1 = 2;
    private static final byte B2 = 3;
    private final NodeList t1 = new NodeList();
    private final NodeList t2 = new NodeList();
    private final NodeList b1 = new NodeList();
    private final NodeList b2 = new NodeList();
    private long p;
    private boolean missInB2;

    public ArcPolicy(long capacity) {
        super("arc", capacity);
    }

    @Override
    protected boolean isResident(Node n) {
        return n.queue == T1 || n.queue == T2;
    }

    @Override
    protected void onHit(Node n) {
        list(n).remove(n);
        n.queue = T2;
        t2.addFirst(n);
    }

    @Override
    protected boolean forgetGhost(Node ghost) {
        if (ghost.queue == B1) {
            long delta = Math.max(ghost.weight, b1.weight() == 0 ? ghost.weight : b2.weight() * ghost.weight / b1.weight());
            p = Math.min(capacity, p + delta);
            missInB2 = false;
        } else {
            long delta = Math.max(ghost.weight, b2.weight() == 0 ? ghost.weight : b1.weight() * ghost.weight / b2.weight());
            p = Math.max(0, p - delta);
            missInB2 = true;
        }
        return super.forgetGhost(ghost);
    }

    @Override
    protected void insert(long key, long weight, boolean wasGhost) {
        Node n = new Node(key, weight);
        n.queue = wasGhost ? T2 : T1;
        (wasGhost ? t2 : t1).addFirst(n);
        index.put(key, n);
        missInB2 = false;
        trimGhosts();
    }

    /** REPLACE from the paper: take from T1 while it is above its target, else from T2. */
    @Override
    protected Node evictOne() {
        boolean fromT1 = !t1.isEmpty() && (t1.weight() > p || missInB2 && t1.weight() == p || t2.isEmpty());
        Node victim = fromT1 ? t1.last() : t2.last();
        list(victim).remove(victim);
        return victim;
    }

    @Override
    protected void afterEviction(Node victim) {
        Node ghost = new Node(victim.key, victim.weight);
        ghost.queue = victim.queue == T1 ? B1 : B2;
        list(ghost).addFirst(ghost);
        index.put(ghost.key, ghost);
    }

    /** Keeps T1+B1 within capacity and all four lists within twice the capacity. */
    private void trimGhosts() {
        while (t1.weight() + b1.weight() > capacity && !b1.isEmpty()) {
            dropGhost(b1);
        }
        while (t1.weight() + t2.weight() + b1.weight() + b2.weight() > 2 * capacity && !(b1.isEmpty() && b2.isEmpty())) {
            dropGhost(b2.isEmpty() ? b1 : b2);
        }
    }

    private void dropGhost(NodeList ghosts) {
        Node g = ghosts.last();
        ghosts.remove(g);
        index.remove(g.key);
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
    protected void unlink(Node n) {
        list(n).remove(n);
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
    protected void checkLists() {
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
    }
}
