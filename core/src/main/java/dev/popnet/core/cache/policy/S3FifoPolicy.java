package dev.popnet.core.cache.policy;

/**
 * S3-FIFO (Yang et al., SOSP '23): a small FIFO (10% of capacity) filters one-hit wonders, a main FIFO
 * holds objects seen again, and a ghost FIFO of recently evicted keys sends returning objects straight
 * to main. Frequencies are 2-bit counters; objects with a count get reinserted instead of evicted.
 */
public final class S3FifoPolicy extends AbstractListPolicy {
    private static final byte SMALL = 0;
    private static final byte MAIN = 1;
    private static final byte GHOST = 2;
    private final NodeList small = new NodeList();
    private final NodeList main = new NodeList();
    private final NodeList ghost = new NodeList();
    private final long smallTarget;

    public S3FifoPolicy(long capacity) {
        super("s3fifo", capacity);
        this.smallTarget = Math.max(1, capacity / 10);
    }

    @Override
    protected boolean isResident(Node n) {
        return n.queue != GHOST;
    }

    @Override
    protected void onHit(Node n) {
        n.freq = Math.min(3, n.freq + 1);
    }

    @Override
    protected void insert(long key, long weight, boolean wasGhost) {
        Node n = new Node(key, weight);
        n.queue = wasGhost ? MAIN : SMALL;
        (wasGhost ? main : small).addFirst(n);
        index.put(key, n);
    }

    @Override
    protected Node evictOne() {
        while (true) {
            if (small.weight() >= smallTarget || main.isEmpty()) {
                Node t = small.last();
                small.remove(t);
                if (t.freq > 1) {
                    t.freq = 0;
                    t.queue = MAIN;
                    main.addFirst(t);
                } else {
                    return t;
                }
            } else {
                Node t = main.last();
                main.remove(t);
                if (t.freq > 0) {
                    t.freq--;
                    main.addFirst(t);
                } else {
                    return t;
                }
            }
        }
    }

    /** Objects evicted from small become ghosts; the ghost queue holds about as many keys as are resident. */
    @Override
    protected void afterEviction(Node victim) {
        if (victim.queue != SMALL) {
            return;
        }
        Node g = new Node(victim.key, 0);
        g.queue = GHOST;
        ghost.addFirst(g);
        index.put(g.key, g);
        while (ghost.count() > Math.max(1, residentCount())) {
            Node old = ghost.last();
            ghost.remove(old);
            index.remove(old.key);
        }
    }

    @Override
    protected void unlink(Node n) {
        switch (n.queue) {
            case SMALL -> small.remove(n);
            case MAIN -> main.remove(n);
            default -> ghost.remove(n);
        }
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
    protected void checkLists() {
        small.check(name(), "small");
        main.check(name(), "main");
        ghost.check(name(), "ghost");
    }
}
